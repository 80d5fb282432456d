using System.Threading.Channels;
using Grpc.Core;
using Handoff.Protos.V1;
using TransfersApi = Handoff.Protos.V1.Transfers;

namespace Handoff.Cli.Transfers;

/// <summary>
/// Follows a transfer's events (WatchTransfer) into a channel, reconnecting after the last sequence seen when the
/// connection drops. Best effort by design: a receiver also polls the manifest, so a watch that cannot be kept
/// (an old server, a proxy that cuts streams) makes it slower, never wrong.
/// </summary>
internal static class TransferWatcher
{
    public static async Task RunAsync(TransfersApi.TransfersClient client, string transferId, ChannelWriter<TransferEvent?> events, CancellationToken cancellationToken)
    {
        long after = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var call = client.WatchTransfer(new WatchTransferRequest { TransferId = transferId, AfterSequence = after }, cancellationToken: cancellationToken);
                await foreach (var transferEvent in call.ResponseStream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    after = Math.Max(after, transferEvent.Sequence);
                    events.TryWrite(transferEvent);
                }
                return; // the server ends the watch when the transfer ends
            }
            catch (RpcException e) when (RetryPolicy.IsTransient(e))
            {
                await DelayQuietlyAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException)
            {
                return; // refused or cancelled: polling carries on alone
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task DelayQuietlyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping; the loop condition ends the watch.
        }
    }
}
