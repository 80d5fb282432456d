using Handoff.Contracts.Facilities;
using Handoff.Contracts.Transfers;
using Handoff.Server.Errors;
using Handoff.Server.Mapping;
using Microsoft.Extensions.Hosting;
using V1 = Handoff.Protos.V1;

namespace Handoff.Server.TransferApi;

/// <summary>
/// Live event streams: long-polls the grain's event log and writes what arrives until the call is cancelled, the
/// transfer ends (for one transfer), or the server shuts down (then UNAVAILABLE: reconnect with the last sequence).
/// </summary>
public sealed class TransferEventStreams
{
    /// <summary>
    /// How long one grain long-poll waits. Short, because a silo that is stopping waits for grain calls in flight
    /// before it deactivates grains: this bounds how long an open watch can delay a shutdown. One call per watcher
    /// every few seconds costs nothing.
    /// </summary>
    public static readonly TimeSpan PollTimeout = TimeSpan.FromSeconds(5);

    private readonly IGrainFactory _grains;
    private readonly CancellationToken _stopping;

    public TransferEventStreams(IGrainFactory grains, IHostApplicationLifetime lifetime)
    {
        _grains = grains;
        _stopping = lifetime.ApplicationStopping;
    }

    public async Task WatchTransferAsync(ITransferGrain transfer, TransferRecord current, long afterSequence,
        IServerStreamWriter<V1.TransferEvent> responses, CancellationToken cancellationToken)
    {
        var ended = TransferStates.IsFinal(current.State);
        using var watch = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping);
        while (true)
        {
            var events = await PollAsync(transfer.WaitForEvents(afterSequence, ended ? TimeSpan.Zero : PollTimeout), watch.Token, cancellationToken);
            foreach (var transferEvent in events)
            {
                await responses.WriteAsync(transferEvent.ToProto(), cancellationToken);
                afterSequence = transferEvent.Sequence;
                ended |= TransferStates.IsFinal(transferEvent.State);
            }
            if (ended && events.Count == 0)
                return; // everything up to and including the terminal event has been written
        }
    }

    public async Task WatchInboxAsync(string facilityId, long afterSequence, IServerStreamWriter<V1.TransferEvent> responses, CancellationToken cancellationToken)
    {
        var facility = _grains.GetGrain<IFacilityGrain>(facilityId);
        using var watch = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping);
        while (true)
        {
            var events = await PollAsync(facility.WaitForInboxEvents(afterSequence, PollTimeout), watch.Token, cancellationToken);
            foreach (var inboxEvent in events)
            {
                await responses.WriteAsync(inboxEvent.ToProto(), cancellationToken);
                afterSequence = inboxEvent.Sequence;
            }
        }
    }

    private async Task<IReadOnlyList<TransferEventRecord>> PollAsync(Task<IReadOnlyList<TransferEventRecord>> poll, CancellationToken watch, CancellationToken call)
    {
        try
        {
            // The grain call cannot be cancelled; the watch stops waiting for it instead.
            return await poll.WaitAsync(watch);
        }
        catch (OperationCanceledException) when (!call.IsCancellationRequested && _stopping.IsCancellationRequested)
        {
            throw UnavailableException.ShuttingDown("the server is shutting down; watch again with after_sequence set to the last event you received");
        }
    }
}
