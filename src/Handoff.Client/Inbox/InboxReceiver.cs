using System.Collections.Concurrent;
using Grpc.Core;
using Handoff.Protos.V1;

namespace Handoff.Client;

/// <summary>
/// A standing receiver: lists the inbox for every transfer with something left to receive, then follows the inbox
/// after the sequence read before that listing (so nothing that arrives in between is missed), and receives each
/// transfer as it appears, most urgent first (<see cref="InboxQueue"/>). A failure that may pass is retried with
/// back-off; a transfer that ended, was refused or conflicts with what the sink holds is reported and left. When no
/// server answers, it waits and starts over from a fresh listing, so it outlives server restarts and upgrades.
/// </summary>
internal sealed class InboxReceiver
{
    private const int ListPageSize = 500;

    private static readonly TransferState[] Receivable =
        [TransferState.Created, TransferState.Receiving, TransferState.Available, TransferState.Delivered];

    private readonly HandoffClient _client;
    private readonly Func<Transfer, IInstanceSink> _sinkFor;
    private readonly InboxReceiveOptions _options;
    private readonly InboxQueue _queue;
    /// <summary>The back-off of each transfer whose last receive failed; forgotten once one succeeds or is given up.</summary>
    private readonly ConcurrentDictionary<string, Backoff> _retries = new(StringComparer.Ordinal);

    public InboxReceiver(HandoffClient client, Func<Transfer, IInstanceSink> sinkFor, InboxReceiveOptions options)
    {
        _client = client;
        _sinkFor = sinkFor;
        _options = options;
        _queue = new InboxQueue(options.ConcurrentTransfers);
    }

    /// <summary>Runs until cancelled, or until the server refuses the facility itself (a wrong or revoked key).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var group = new TaskGroup(cancellationToken);
        group.Start(DiscoverAsync);
        group.Start(DispatchAsync);
        await group.WaitAsync().ConfigureAwait(false);
    }

    /// <summary>Finds the transfers to receive: a listing, then the inbox's events; again after an outage.</summary>
    private async Task DiscoverAsync(CancellationToken cancellationToken)
    {
        var delay = new Backoff(_options);
        while (true)
        {
            try
            {
                var sequence = await OfferListedAsync(cancellationToken).ConfigureAwait(false);
                delay.Reset();
                await foreach (var transferEvent in _client.FollowInboxAsync(sequence, cancellationToken).ConfigureAwait(false))
                {
                    // A new transfer, or a study added to one (which may have been received already).
                    if (transferEvent.Type is TransferEventType.Created or TransferEventType.StudyAdded
                        && !TransferStates.IsFinal(transferEvent.State) && !_queue.IsActive(transferEvent.TransferId))
                        await OfferIfReceivableAsync(transferEvent.TransferId, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (HandoffUnavailableException e) when (!cancellationToken.IsCancellationRequested)
            {
                var wait = delay.Next();
                _options.Report?.Invoke(new InboxReceiveEvent(InboxReceiveStep.ServerUnreachable, null, Error: e, RetryIn: wait));
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Offers every listed transfer that still has something to receive; returns the inbox sequence read before the listing.</summary>
    private async Task<long> OfferListedAsync(CancellationToken cancellationToken)
    {
        var request = new ListTransfersRequest { Mailbox = Mailbox.Inbox, Limit = ListPageSize };
        request.States.AddRange(Receivable);
        long? sequence = null;
        do
        {
            var page = await _client.ListTransfersAsync(request, cancellationToken).ConfigureAwait(false);
            sequence ??= page.InboxSequence;
            _queue.OfferAll(page.Transfers.Where(IsReceivable));
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        return sequence.Value;
    }

    private async Task OfferIfReceivableAsync(string transferId, CancellationToken cancellationToken)
    {
        Transfer transfer;
        try
        {
            transfer = await _client.GetTransferAsync(transferId, cancellationToken).ConfigureAwait(false);
        }
        catch (HandoffRefusedException)
        {
            return; // gone again (expired and removed) before it could be looked up: nothing to receive
        }
        if (IsReceivable(transfer))
            _queue.Offer(transfer);
    }

    private bool IsReceivable(Transfer transfer) =>
        transfer.State is TransferState.Created or TransferState.Receiving or TransferState.Available
        || (transfer.State == TransferState.Delivered && (_options.Receive.Acknowledge || _options.AfterReceive is not null));

    /// <summary>Starts each transfer when the queue lets it; each receive runs on its own.</summary>
    private async Task DispatchAsync(CancellationToken cancellationToken)
    {
        var running = new List<Task>();
        try
        {
            while (true)
            {
                var transfer = await _queue.TakeAsync(cancellationToken).ConfigureAwait(false);
                running.RemoveAll(t => t.IsCompleted);
                running.Add(ReceiveOneAsync(transfer, cancellationToken));
            }
        }
        finally
        {
            // Receives end when the token does; wait for them so no sink is written after this returns.
            await Task.WhenAll(running).ConfigureAwait(false);
        }
    }

    private async Task ReceiveOneAsync(Transfer transfer, CancellationToken cancellationToken)
    {
        // Reported before the receive leaves the dispatcher, so starts are told in the order the queue chose.
        _options.Report?.Invoke(new InboxReceiveEvent(InboxReceiveStep.Started, transfer));
        await Task.Yield();
        TimeSpan? retryIn = null;
        try
        {
            var result = await _client.ReceiveAsync(transfer.Id, _sinkFor(transfer), _options.Receive with { Progress = null }, cancellationToken).ConfigureAwait(false);
            if (_options.AfterReceive is { } finish)
                await finish(transfer, result, cancellationToken).ConfigureAwait(false);
            _options.Report?.Invoke(new InboxReceiveEvent(InboxReceiveStep.Received, transfer, result));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the next run resumes what the sink holds.
        }
        catch (Exception e) when (IsForGood(e))
        {
            _options.Report?.Invoke(new InboxReceiveEvent(InboxReceiveStep.Abandoned, transfer, Error: e));
        }
        catch (Exception e)
        {
            retryIn = NextRetry(transfer);
            _options.Report?.Invoke(new InboxReceiveEvent(InboxReceiveStep.Retrying, transfer, Error: e, RetryIn: retryIn));
        }
        finally
        {
            _queue.Finished(transfer);
        }

        if (retryIn is { } wait)
            await OfferLaterAsync(transfer, wait, cancellationToken).ConfigureAwait(false);
        else
            _retries.TryRemove(transfer.Id, out _);
    }

    private TimeSpan NextRetry(Transfer transfer) => _retries.GetOrAdd(transfer.Id, _ => new Backoff(_options)).Next();

    private async Task OfferLaterAsync(Transfer transfer, TimeSpan wait, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            await OfferIfReceivableAsync(transfer.Id, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (HandoffUnavailableException)
        {
            // The discovery loop lists the inbox again once a server answers, and finds it there.
        }
    }

    /// <summary>
    /// Whether a transfer's receive failed in a way retrying cannot mend: it ended, the server refused, or the sink
    /// holds other bytes. A failure this side raised inside a call (out of memory while reading a message, a message
    /// it could not read) is classified "refused" by the library, yet no server said no: it is retried with back-off,
    /// so a standing receiver does not give a transfer up until it is restarted.
    /// </summary>
    internal static bool IsForGood(Exception e) => e switch
    {
        TransferEndedException or InstanceConflictException => true,
        HandoffRefusedException { InnerException: RpcException call } => !FailureClassifier.IsLocal(call),
        HandoffRefusedException => true,
        _ => false,
    };

    /// <summary>A wait that doubles from the first retry delay up to the longest.</summary>
    private sealed class Backoff(InboxReceiveOptions options)
    {
        private TimeSpan _next = options.FirstRetryDelay;

        public TimeSpan Next()
        {
            var wait = _next;
            _next = TimeSpan.FromTicks(Math.Min(_next.Ticks * 2, options.LongestRetryDelay.Ticks));
            return wait;
        }

        public void Reset() => _next = options.FirstRetryDelay;
    }
}
