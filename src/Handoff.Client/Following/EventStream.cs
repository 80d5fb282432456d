using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Grpc.Core;
using Handoff.Protos.V1;

namespace Handoff.Client;

/// <summary>
/// A resumable watch (WatchTransfer, WatchInbox) as an <see cref="IAsyncEnumerable{T}"/>: events are read by
/// <see cref="EventFollower"/> (reconnecting after the last sequence seen) into a small channel the caller drains, so
/// a slow caller holds the stream back instead of buffering without bound.
/// </summary>
internal static class EventStream
{
    private const int Capacity = 256;

    /// <summary>
    /// The events after <paramref name="afterSequence"/>. With <paramref name="untilFinal"/>, ends after an event whose
    /// state is final; with <paramref name="reopen"/>, a stream the server ends is opened again (an inbox never ends).
    /// </summary>
    public static async IAsyncEnumerable<TransferEvent> ReadAsync(
        HandoffConnection connection,
        Func<long, CancellationToken, AsyncServerStreamingCall<TransferEvent>> open,
        long afterSequence,
        bool untilFinal,
        bool reopen,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var events = Channel.CreateBounded<TransferEvent>(new BoundedChannelOptions(Capacity) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pump = PumpAsync(connection, open, afterSequence, untilFinal, reopen, events.Writer, stop.Token);
        try
        {
            await foreach (var transferEvent in events.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                yield return transferEvent;
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await pump.ConfigureAwait(false); // never throws: failures complete the channel
        }
    }

    private static async Task PumpAsync(
        HandoffConnection connection,
        Func<long, CancellationToken, AsyncServerStreamingCall<TransferEvent>> open,
        long after,
        bool untilFinal,
        bool reopen,
        ChannelWriter<TransferEvent> events,
        CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            var retry = RetryPolicy.For(connection);
            var finished = false;
            while (!finished && !cancellationToken.IsCancellationRequested)
            {
                await EventFollower.FollowAsync(open, async (transferEvent, token) =>
                {
                    await events.WriteAsync(transferEvent, token).ConfigureAwait(false);
                    after = Math.Max(after, transferEvent.Sequence);
                    finished = untilFinal && TransferStates.IsFinal(transferEvent.State);
                    return finished;
                }, retry, after, cancellationToken).ConfigureAwait(false);
                finished |= !reopen;
            }
        }
        catch (RpcException e)
        {
            failure = HandoffErrors.Translate(e, connection.Options, cancellationToken);
        }
        catch (Exception e)
        {
            failure = e;
        }
        events.TryComplete(failure is OperationCanceledException ? null : failure);
    }
}
