namespace Handoff.Testing;

/// <summary>
/// The `handoff` client as a real process (`dotnet handoff.dll …`, from Handoff.Cli's own output folder): run to the
/// end, or started in the background so a test can kill servers (or the client) while a send or receive is running.
/// Nothing from the test runner's environment (HANDOFF_SERVER, HANDOFF_KEY, HANDOFF_RETRY_FOR) reaches it.
/// </summary>
public static class HandoffCli
{
    public static string ClientPath => BuildOutput.ClientAssembly;

    /// <summary>Runs the client to its end; throws <see cref="TimeoutException"/> (and kills it) past the deadline.</summary>
    public static async Task<CliResult> RunAsync(TimeSpan deadline, params string[] arguments)
    {
        await using var running = Start(deadline, arguments);
        return await running.Completion;
    }

    /// <summary>Starts the client and returns at once; <see cref="RunningCli.Completion"/> ends with its result.</summary>
    public static RunningCli Start(TimeSpan deadline, params string[] arguments) => new(deadline, arguments);

    /// <summary>Runs the client to its end with further environment variables (OTEL_*, say).</summary>
    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string> environment, TimeSpan deadline, params string[] arguments)
    {
        await using var running = new RunningCli(deadline, arguments, environment);
        return await running.Completion;
    }
}
