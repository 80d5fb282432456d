using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Azure.Tests.Infrastructure;

/// <summary>
/// What the destination facility sees of a transfer while a test breaks the cluster under it: which transfer
/// arrived, and how many of its instances are available. Every question goes through <see cref="Poll"/>, so a
/// silo that just died makes it ask again, not fail.
/// </summary>
public sealed class TransferProgress(HandoffApi destination, TimeSpan deadline)
{
    /// <summary>The id of the one transfer in the destination's inbox, once the sender has created it.</summary>
    public Task<string> WaitForIncomingAsync() => Poll.ForAsync(async () =>
    {
        var inbox = await destination.Transfers.ListTransfersAsync(new ListTransfersRequest { Mailbox = Mailbox.Inbox });
        return inbox.Transfers.Count > 0 ? inbox.Transfers[0].Id : null;
    }, deadline, "a transfer in the destination's inbox");

    /// <summary>Waits until the source has uploaded at least <paramref name="instances"/> instances; returns how many.</summary>
    public async Task<int> WaitForAvailableAsync(string transferId, int instances)
    {
        var available = 0;
        await Poll.UntilAsync(async () => (available = await AvailableAsync(transferId)) >= instances, deadline,
            $"{instances} instances of transfer {transferId} available");
        return available;
    }

    public async Task<Transfer> GetAsync(string transferId) =>
        await destination.Transfers.GetTransferAsync(new GetTransferRequest { TransferId = transferId });

    private async Task<int> AvailableAsync(string transferId) => (await GetAsync(transferId)).Studies.Sum(s => s.InstancesAvailable);
}
