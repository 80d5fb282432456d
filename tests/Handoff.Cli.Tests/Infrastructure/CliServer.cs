using Handoff.Testing;

namespace Handoff.Cli.Tests.Infrastructure;

/// <summary>
/// The server the client's end-to-end tests run against: a <see cref="ServerProcess"/> on the server's own default
/// chunk size (which <see cref="SentFolder"/> hashes with), and the built `handoff` run against it.
/// </summary>
public static class CliServer
{
    public static Task<ServerProcess> StartAsync() => ServerProcess.StartAsync(new ServerSettings { ChunkSize = null });

    /// <summary>Runs the client against <paramref name="server"/> with <paramref name="key"/>.</summary>
    public static ProcessResult Handoff(this IHandoffServer server, string key, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(server);
        return ProcessRunner.Handoff(["--server", server.Address, "--key", key, .. arguments]);
    }

    /// <summary>Registers a facility with `handoff facility add` and the operator key; returns its key (the one line it prints).</summary>
    public static string AddFacility(this IHandoffServer server, string id)
    {
        ArgumentNullException.ThrowIfNull(server);
        var result = server.Handoff(server.OperatorKey, "facility", "add", id, "--name", $"Facility {id}");
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.StandardOutput.Trim();
    }
}
