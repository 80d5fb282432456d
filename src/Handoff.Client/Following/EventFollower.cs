using Grpc.Core;
using Handoff.Protos.V1;

namespace Handoff.Client;

/// <summary>
/// Follows a server stream of transfer events that can be resumed (WatchTransfer, WatchInbox: both take
/// after_sequence). When the stream breaks because its server went away (killed, restarted, draining for a rolling
/// update) it is opened again, on the next server after a back-off, after the last sequence already handled, so
/// nothing is shown twice and nothing is missed. Refusals (NOT_FOUND, PERMISSION_DENIED) end it with their error.
/// </summary>
internal static class EventFollower
{
    /// <summary>
    /// Calls <paramref name="handle"/> for each event until it returns true, the server ends the stream, the retry
    /// budget runs out (the last failure is rethrown) or <paramref name="cancellationToken"/> fires.
    /// </summary>
    public static async Task FollowAsync(
        Func<long, CancellationToken, AsyncServerStreamingCall<TransferEvent>> open,
        Func<TransferEvent, CancellationToken, ValueTask<bool>> handle,
        RetryPolicy retry,
        long afterSequence,
        CancellationToken cancellationToken)
    {
        var failures = new RetryPolicy.FailureStreak(retry);
        while (true)
        {
            try
            {
                using var call = open(afterSequence, cancellationToken);
                await foreach (var transferEvent in call.ResponseStream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    retry.MarkReached();
                    failures.Reset();
                    afterSequence = Math.Max(afterSequence, transferEvent.Sequence);
                    if (await handle(transferEvent, cancellationToken).ConfigureAwait(false))
                        return;
                }
                return;
            }
            catch (RpcException e) when (failures.ShouldRetry(e, cancellationToken))
            {
                await failures.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
