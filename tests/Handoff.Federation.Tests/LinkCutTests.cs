using System.Globalization;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Handoff.Federation.Tests.Infrastructure;
using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Federation.Tests;

/// <summary>
/// The link to the peer is cut mid-relay (south's server SIGKILLed after it holds half the study) and restored
/// later (south started again on the same data). Meanwhile north's timeline says why the relay waits; afterwards
/// the relay resumes without resending what arrived, and the transfer completes end to end.
/// </summary>
public sealed partial class LinkCutTests : IClassFixture<QuickRetryPair>, IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private readonly QuickRetryPair _pair;
    private readonly TempFolder _files = new("link-cut");

    public LinkCutTests(QuickRetryPair pair) => _pair = pair;

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Relay_PeerKilledMidRelayAndRestarted_WaitsSayingWhyThenResumesWithoutResending()
    {
        var ends = await FederatedFacilities.CreateAsync(_pair, "rural-b", "stroke-b");
        var study = LocalStudy.Write(_files.Combine("study"), seed: 82, slices: 40, rows: 192, columns: 192);
        var firstHalf = study.Instances.Take(20).ToList();
        var declared = await ChunkUpload.DeclareAsync(ends.Source, study);
        var transfer = await ends.Source.Transfers.CreateTransferAsync(new CreateTransferRequest
        {
            RequestId = "link-cut", DestinationFacilityId = ends.RemoteAddress, StudyInstanceUids = { study.StudyInstanceUid },
        });
        var firstChunks = declared.MissingChunkHashes.Where(h => firstHalf.Any(i => i.ChunkHashes.Any(c => ByteString.CopyFrom(c) == h))).ToList();
        await ChunkUpload.UploadAsync(ends.Source, study, firstChunks, streams: 2);
        await ends.WaitForInboundAsync(Deadline, t => t.Studies.Sum(s => s.InstancesAvailable) >= firstHalf.Count);

        // The link goes down; the source finishes its upload meanwhile.
        _pair.South.Kill();
        await ChunkUpload.UploadAsync(ends.Source, study, declared.MissingChunkHashes.Except(firstChunks).ToList(), streams: 2);
        await ends.Source.Uploads.CompleteStudyAsync(new CompleteStudyRequest { StudyInstanceUid = study.StudyInstanceUid });
        var waiting = await RelayTimeline.WaitForEventAsync(ends.Source, transfer.Id, TransferEventType.RelayWaiting, Deadline);
        Assert.Contains("cannot be reached", waiting.Detail, StringComparison.Ordinal);
        Assert.Contains("south", waiting.Detail, StringComparison.Ordinal);

        // The link comes back: the relay resumes by itself and the destination receives everything.
        await _pair.South.RestartAsync();
        await RelayTimeline.WaitForEventAsync(ends.Source, transfer.Id, TransferEventType.Relayed, Deadline);
        var inbound = await ends.WaitForInboundAsync(Deadline, t => t.State == TransferState.Available);
        var receiver = new TransferReceiver(ends.Destination, inbound.Id, _files.Combine("received"));
        await receiver.ReceiveAllAsync(Deadline);
        foreach (var instance in study.Instances)
            Assert.Equal(File.ReadAllBytes(instance.Path), File.ReadAllBytes(receiver.PathOf(study.StudyInstanceUid, instance.SopInstanceUid)));
        Assert.True((await ends.Destination.Downloads.AcknowledgeAsync(receiver.ToAcknowledgeRequest())).Accepted);
        await RelayTimeline.WaitForStateAsync(ends.Source, transfer.Id, TransferState.Acknowledged, Deadline);

        // Nothing that arrived crossed again: every upload stream south accepted from north, before the cut and after,
        // adds up to no more than the study's distinct chunks.
        var distinct = study.Instances.SelectMany(i => i.ChunkHashes).Select(Convert.ToHexString).Distinct().Count();
        var audit = await _pair.SouthOperator.Audit.ListAuditEventsAsync(new ListAuditEventsRequest());
        var uploaded = audit.Events.Where(e => e.Action == "chunks.upload" && e.Actor == "rural-b@north" && e.Outcome == "success")
            .Sum(e => int.Parse(ChunkCount().Match(e.Detail).Groups[1].Value, CultureInfo.InvariantCulture));
        Assert.InRange(uploaded, 1, distinct);
    }

    [GeneratedRegex(@"^(\d+) chunks")]
    private static partial Regex ChunkCount();
}
