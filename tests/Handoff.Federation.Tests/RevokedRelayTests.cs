using Handoff.Federation.Tests.Infrastructure;
using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Federation.Tests;

/// <summary>
/// The receiving network revokes the sending one: the sender's relay is refused (UNAUTHENTICATED), says so on the
/// source's timeline and keeps trying, and nothing of the transfer reaches the peer. A pair of its own, since the
/// revocation cannot be undone for other tests.
/// </summary>
public sealed class RevokedRelayTests : IClassFixture<QuickRetryPair>, IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(1);

    private readonly QuickRetryPair _pair;
    private readonly TempFolder _files = new("revoked");

    public RevokedRelayTests(QuickRetryPair pair) => _pair = pair;

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Relay_AfterReceivingSideRevokedSender_WaitsUnauthenticatedAndNothingOfTheTransferLeaves()
    {
        var ends = await FederatedFacilities.CreateAsync(_pair, "rural-e", "stroke-e");
        var study = LocalStudy.Write(_files.Combine("revoked"), seed: 85, slices: 4);
        var before = RelayTimeline.StoredChunks(_pair.South);
        await _pair.SouthOperator.Peers.RevokePeerAsync(new RevokePeerRequest { Name = "north" });
        var transfer = await LibraryUpload.SendAsync(ends.Source, ends.RemoteAddress, study);

        var waiting = await RelayTimeline.WaitForEventAsync(ends.Source, transfer.TransferId, TransferEventType.RelayWaiting, Deadline);
        Assert.Contains("Unauthenticated", waiting.Detail, StringComparison.Ordinal);
        var inbox = await ends.Destination.Transfers.ListTransfersAsync(new ListTransfersRequest { Mailbox = Mailbox.Inbox });
        Assert.Empty(inbox.Transfers);
        Assert.Equal(before, RelayTimeline.StoredChunks(_pair.South));
    }
}
