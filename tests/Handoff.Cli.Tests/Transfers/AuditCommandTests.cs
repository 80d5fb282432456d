using System.Text.Json;
using Handoff.Cli.Tests.Infrastructure;
using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Cli.Tests.Transfers;

/// <summary>`handoff audit` against a real server: --limit beyond one page, --since and --until, sequence numbers.</summary>
public sealed class AuditCommandTests : IAsyncLifetime
{
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync(RateLimits.Lifted);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Audit_LimitBeyondTheServersLargestPage_FetchesPageAfterPage()
    {
        // The server gives at most 10,000 events per page.
        var key = await AddFacilityAsync("audit-cli-many");
        await CallsAsync(key, 10_050);

        // With --checkpoints every sequence number is there (the cluster's signed checkpoints are links of the log too).
        var result = Handoff(key, "audit", "--json", "--checkpoints", "--limit", "10040");

        Assert.True(result.ExitCode == 0, result.ToString());
        var sequences = Events(result).Select(e => e.GetProperty("sequence").GetInt64()).ToList();
        Assert.Contains(Events(result), e => e.GetProperty("action").GetString() == "audit.checkpoint");
        Assert.Equal(10_040, sequences.Count);
        Assert.Equal(Enumerable.Range(0, 10_040).Select(n => sequences[0] - n), sequences);
    }

    [Fact]
    public async Task Audit_SinceAndUntil_OnlyEventsInTheRange()
    {
        var key = await AddFacilityAsync("audit-cli-range");
        await CallsAsync(key, 5);

        var lastHour = Events(Handoff(key, "audit", "--json", "--since", "1h"));
        var olderThanAnHour = Events(Handoff(key, "audit", "--json", "--until", "1h"));
        var future = Events(Handoff(key, "audit", "--json", "--since", DateTimeOffset.UtcNow.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        var table = Handoff(key, "audit", "--since", "1h", "--until", DateTimeOffset.UtcNow.AddMinutes(5).ToString("O", System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(5, lastHour.Count(e => e.GetProperty("action").GetString() == "transfer.list"));
        Assert.Empty(olderThanAnHour);
        Assert.Empty(future);
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.StartsWith("SEQ", table.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(5, table.StandardOutput.Split('\n').Count(line => line.Contains("transfer.list", StringComparison.Ordinal)));
    }

    private async Task<string> AddFacilityAsync(string id) => (await HandoffApi.RegisterFacilityAsync(_server, id)).Key;

    private ProcessResult Handoff(string key, params string[] arguments) =>
        ProcessRunner.Handoff(["--server", _server.Address, "--key", key, .. arguments]);

    private async Task CallsAsync(string key, int count)
    {
        var api = new HandoffApi(_server, key);
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 64 },
            async (_, _) => await api.Transfers.ListTransfersAsync(new ListTransfersRequest()));
    }

    private static List<JsonElement> Events(ProcessResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        using var document = JsonDocument.Parse(result.StandardOutput);
        return [.. document.RootElement.GetProperty("events").EnumerateArray().Select(e => e.Clone())];
    }
}
