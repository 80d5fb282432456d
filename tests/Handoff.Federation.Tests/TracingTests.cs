using Handoff.Federation.Tests.Infrastructure;
using Handoff.Testing;

namespace Handoff.Federation.Tests;

/// <summary>
/// One trace follows a transfer across networks: `handoff send` to a facility of a peer network, with every process
/// exporting its spans by OTLP to one collector, yields a trace id that the client, north's server (the call that
/// created the transfer, then its relay) and south's server (the relay's calls) all exported.
/// </summary>
public sealed class TracingTests : IClassFixture<TracedPair>, IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private readonly TracedPair _pair;
    private readonly TempFolder _files = new("federated-tracing");

    public TracingTests(TracedPair pair) => _pair = pair;

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task SendToPeerNetwork_OneTraceSpansTheClientBothServersAndTheRelay()
    {
        var (_, sourceKey) = await HandoffApi.RegisterFacilityAsync(_pair.North, "traced-src");
        await _pair.ExportFromSouthAsync("traced-dst");
        var import = await HandoffCli.RunAsync(Deadline, "--server", _pair.North.Address, "--key", _pair.North.OperatorKey, "peer", "import", "south", "traced-dst");
        Assert.True(import.ExitCode == 0, import.ToString());
        LocalStudy.Write(_files.Combine("study"), seed: 87, slices: 3);

        var send = await HandoffCli.RunAsync(_pair.Collector.EnvironmentFor("cli"), Deadline,
            "--server", _pair.North.Address, "--key", sourceKey, "send", _files.Combine("study"), "--to", "traced-dst@south");
        Assert.True(send.ExitCode == 0, send.ToString());

        var shared = await Poll.ForAsync(() =>
        {
            var traces = _pair.Collector.TracesByNode();
            if (!traces.TryGetValue("cli", out var cli) || !traces.TryGetValue("north", out var north) || !traces.TryGetValue("south", out var south))
                return null;
            return cli.Intersect(north).Intersect(south).FirstOrDefault();
        }, Deadline, "one trace id exported by the client, north and south");
        Assert.Matches("^[0-9a-f]{32}$", shared);
    }
}
