using System.Threading.Channels;
using Grpc.Core;
using Handoff.Protos.V1;
using TransfersApi = Handoff.Protos.V1.Transfers;

namespace Handoff.Client;

/// <summary>
/// Follows a transfer's events (WatchTransfer) into a channel, reconnecting (on the next server) after the last
/// sequence seen when the connection drops. Best effort by design: a receiver also polls the manifest, so a watch that cannot be kept
/// (an old server, a proxy that cuts streams) makes it slower, never wrong.
/// </summary>
internal static class TransferWatcher
{
    public static async Task RunAsync(TransfersApi.TransfersClient client, string transferId, ChannelWriter<TransferEvent?> events, RetryPolicy retry, CancellationToken cancellationToken)
    {
        try
        {
            await EventFollower.FollowAsync(
                (after, token) => client.WatchTransfer(new WatchTransferRequest { TransferId = transferId, AfterSequence = after }, cancellationToken: token),
                (transferEvent, _) => ValueTask.FromResult(!events.TryWrite(transferEvent)),
                retry, afterSequence: 0, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException)
        {
            // Refused, or unreachable past the budget: polling carries on alone (and reports the failure itself).
        }
        catch (OperationCanceledException)
        {
            // The receive is over.
        }
    }
}
