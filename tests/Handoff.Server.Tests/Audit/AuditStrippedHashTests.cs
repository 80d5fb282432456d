using Handoff.Contracts.Audit;
using Handoff.Grains.Audit;
using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Server.Tests.Audit;

/// <summary>
/// The attack of passing edited events off as older than the chain, against a real server's stored log: hashes
/// cleared from the first events through the last checkpoint, an event edited, and every later hash recomputed from
/// the genesis (the head too, so new events chain on). Without the checkpoint rules this verified as intact.
/// </summary>
public sealed class AuditStrippedHashTests : IAsyncLifetime
{
    private const string Facility = "strip-fac";
    private const int Calls = 300; // one sealed segment (256 events) and a recent list, three checkpoints
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private ServerProcess _server = null!;
    private string _key = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync([.. RateLimits.Lifted, "--Handoff:Audit:CheckpointEvents=100"]);
        var (api, key) = await HandoffApi.RegisterFacilityAsync(_server, Facility);
        _key = key;
        for (var i = 0; i < Calls; i++)
            await api.Transfers.ListTransfersAsync(new ListTransfersRequest());
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Verify_HashesStrippedThroughTheLastCheckpoint_Fails()
    {
        var before = await VerifyAsync();
        Assert.True(before.ExitCode == 0, before.ToString());

        _server.Kill();
        using (var stored = new StoredAuditLog(_server.DataPath, Facility))
        {
            AuditLogSegmentGrainState segment = null!;
            await stored.EditSegmentAsync(0, s => segment = s);
            AuditLogGrainState log = null!;
            await stored.EditLogAsync(s => log = s);
            // The whole log as one list, to find the last checkpoint across the segment and the recent events.
            var events = segment.Events.Concat(log.Recent).ToList();
            var lastCheckpoint = events.FindLastIndex(e => e.Action == AuditChain.CheckpointAction);
            Assert.True(lastCheckpoint > 0, "no checkpoint was written");
            events[20] = events[20] with { Actor = "someone-else" };
            var hashes = new string[events.Count];
            var previous = AuditChain.Genesis(Facility);
            for (var i = 0; i < events.Count; i++)
            {
                if (i <= lastCheckpoint)
                {
                    hashes[i] = string.Empty;
                    continue;
                }
                hashes[i] = AuditChain.Next(previous, i, events[i]);
                previous = hashes[i];
            }
            var sealedCount = segment.Events.Count;
            await stored.EditSegmentAsync(0, s =>
            {
                s.Events[20] = events[20];
                s.Hashes.Clear();
                s.Hashes.AddRange(hashes.Take(sealedCount));
                s.PreviousHash = string.Empty;
            });
            await stored.EditLogAsync(s =>
            {
                s.RecentHashes.Clear();
                s.RecentHashes.AddRange(hashes.Skip(sealedCount));
                s.RecentPrevious = lastCheckpoint < sealedCount - 1 ? hashes[sealedCount - 1] : lastCheckpoint == sealedCount - 1 ? AuditChain.Genesis(Facility) : string.Empty;
                s.Head = previous;
                s.ChainStart = lastCheckpoint + 1;
            });
        }
        await _server.RestartAsync();

        var result = await VerifyAsync();

        Assert.Equal(6, result.ExitCode);
        Assert.Contains("is a checkpoint with no hash", Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    private Task<CliResult> VerifyAsync() =>
        HandoffCli.RunAsync(Deadline, ["--server", _server.Address, "--key", _key, "audit", "verify"]);
}
