using Handoff.Protos.V1;
using TransfersApi = Handoff.Protos.V1.Transfers;

namespace Handoff.Client;

/// <summary>
/// After a send completes its studies, the transfer learns of it from the studies a moment later (the server tells
/// transfers in the background). The send's result should say where the transfer ended up, not where it was a
/// millisecond before: poll GetTransfer with a deadline until it shows every study complete (or has ended), rather
/// than sleeping a fixed time.
/// </summary>
internal static class TransferSettleWait
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    // wait false: the transfer as it is now (a study did not complete, so there is nothing to wait for).
    public static async Task<Transfer> UntilStudiesShownCompleteAsync(TransfersApi.TransfersClient client, RetryPolicy retry, string transferId, bool wait, CancellationToken cancellationToken)
    {
        var request = new GetTransferRequest { TransferId = transferId };
        var deadline = wait ? DateTime.UtcNow + Deadline : DateTime.MinValue;
        while (true)
        {
            var transfer = await retry.RunAsync(token => client.GetTransferAsync(request, cancellationToken: token).ResponseAsync, cancellationToken).ConfigureAwait(false);
            var settled = transfer.State != TransferState.Receiving || (transfer.Studies.Count > 0 && transfer.Studies.All(s => s.Complete));
            if (settled || DateTime.UtcNow >= deadline)
                return transfer;
            await Task.Delay(Interval, cancellationToken).ConfigureAwait(false);
        }
    }
}
