using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using Handoff.Contracts.Audit;
using Handoff.Grains.Audit;

namespace Handoff.Grains.Tests.Audit;

/// <summary>The hash chain as the log grain keeps it: across sealed segments and reactivations, with signed checkpoints.</summary>
public sealed class AuditChainTests : IClassFixture<SigningClusterFixture>
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly SigningClusterFixture _cluster;

    public AuditChainTests(SigningClusterFixture cluster)
    {
        _cluster = cluster;
    }

    [Fact]
    public async Task Query_AcrossSegmentsAndReactivation_EveryEventCommitsToThePreviousOne()
    {
        var id = TestData.FacilityId("chain");
        var log = _cluster.Grains.GetGrain<IAuditLogGrain>(id);
        await AppendAsync(log, 0, 400, batch: 37);
        await _cluster.DeactivateAsync(log);
        await AppendAsync(log, 400, 600, batch: 41);

        var entries = await AllAsync(log);

        Assert.Equal(Enumerable.Range(0, entries.Count).Select(n => (long)n), entries.Select(e => e.Sequence));
        Assert.True(entries.Count > 600, "checkpoints are links of the chain too");
        Assert.Equal(AuditChain.Genesis(id), entries[0].PreviousHash);
        for (var i = 0; i < entries.Count; i++)
        {
            Assert.Equal(AuditChain.Next(entries[i].PreviousHash, entries[i].Sequence, entries[i].Event), entries[i].Hash);
            if (i > 0)
                Assert.Equal(entries[i - 1].Hash, entries[i].PreviousHash);
        }
    }

    [Fact]
    public async Task Append_PastCheckpointEvents_CheckpointSignsTheHeadAndStaysOutOfOrdinaryQueries()
    {
        var id = TestData.FacilityId("signed");
        var log = _cluster.Grains.GetGrain<IAuditLogGrain>(id);
        await AppendAsync(log, 0, 120, batch: 10);

        var entries = await AllAsync(log);
        var checkpoints = entries.Where(e => e.Event.Action == AuditChain.CheckpointAction).ToList();
        var ordinary = await log.Query(new AuditQuery(1000));

        Assert.Equal(120 / SigningClusterFixture.CheckpointEvents, checkpoints.Count);
        foreach (var checkpoint in checkpoints)
        {
            var fields = checkpoint.Event.Detail.Split(' ').Select(part => part.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);
            var covers = long.Parse(fields["covers"], CultureInfo.InvariantCulture);
            Assert.Equal(checkpoint.Sequence - 1, covers);
            Assert.Equal(entries[(int)covers].Hash, fields["head"]);
            Assert.Equal("test-key", fields["key"]);
            Assert.Equal("0", fields["start"]); // a new log's chain starts at its first event
            var payload = AuditCheckpoint.Payload(id, 0, covers, fields["head"], checkpoint.Event.At);
            Assert.True(_cluster.Key.VerifyData(payload, Base64Url.DecodeFromChars(fields["sig"]), HashAlgorithmName.SHA256,
                DSASignatureFormat.IeeeP1363FixedFieldConcatenation), $"checkpoint {checkpoint.Sequence}");
        }
        Assert.Equal(120, ordinary.Entries.Count);
        Assert.DoesNotContain(ordinary.Entries, e => e.Event.Action == AuditChain.CheckpointAction);
    }

    private static async Task<List<AuditLogEntry>> AllAsync(IAuditLogGrain log)
    {
        var page = await log.Query(new AuditQuery(IAuditLogGrain.MaxQueryLimit) { IncludeCheckpoints = true });
        Assert.False(page.HasMore);
        return [.. page.Entries.Reverse()];
    }

    private static async Task AppendAsync(IAuditLogGrain log, int from, int to, int batch)
    {
        for (var n = from; n < to; n += batch)
            await log.Append([.. Enumerable.Range(n, Math.Min(batch, to - n)).Select(Event)]);
    }

    private static AuditEventRecord Event(int n) =>
        new(Start.AddSeconds(n).AddTicks(n), "st-marys", "st-marys", "download", "transfer", $"object-{n}", "success", n % 7 == 0 ? "détail ✓" : "");
}
