using Handoff.Client;
using Handoff.Contracts.Federation;
using Handoff.Contracts.Transfers;
using Handoff.Server.Options;
using Microsoft.Extensions.Options;

namespace Handoff.Server.Federation.Relay;

/// <summary>
/// Runs one relay until its transfer settles: a pass delivers the studies to the peer and then mirrors the peer's
/// progress back (<see cref="RelayDelivery"/>, <see cref="RelayMirror"/>). Any failure (the link cut, the peer
/// down or refusing, a silo of either cluster dying) ends the pass; the reason goes on the transfer's timeline as
/// RelayWaiting, and the next pass starts after a back-off (1 s doubling to Handoff:Federation:RelayRetryLimit)
/// until the transfer is acknowledged, cancelled or expired. A pass that made progress resets the back-off.
/// </summary>
public sealed partial class RelayWorker
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);

    private readonly IGrainFactory _grains;
    private readonly PeerDirectory _peers;
    private readonly FederationCertificate _certificate;
    private readonly RelayDelivery _delivery;
    private readonly RelayMirror _mirror;
    private readonly RelayAudit _audit;
    private readonly TimeSpan _retryLimit;
    private readonly ILogger<RelayWorker> _logger;

    public RelayWorker(IGrainFactory grains, PeerDirectory peers, FederationCertificate certificate, Receiving.VerifiedChunkReader reader, RelayAudit audit, Receipts.ClusterCountersigner countersigner,
        IOptions<UploadOptions> upload, IOptions<FederationOptions> federation, ILogger<RelayWorker> logger)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentNullException.ThrowIfNull(federation);
        _grains = grains;
        _peers = peers;
        _certificate = certificate;
        _delivery = new RelayDelivery(grains, reader, upload.Value.ChunkSize);
        _mirror = new RelayMirror(grains, new RelayReceipt(grains, countersigner));
        _audit = audit;
        _retryLimit = federation.Value.RelayRetryLimit;
        _logger = logger;
    }

    public async Task RunAsync(Guid transferId, string peerName, CancellationToken cancellationToken)
    {
        var relay = _grains.GetGrain<IRelayGrain>(transferId);
        var local = _grains.GetGrain<ITransferGrain>(transferId);
        var delay = FirstRetry;
        while (!cancellationToken.IsCancellationRequested)
        {
            var progressed = false;
            try
            {
                var outcome = await PassAsync(relay, local, peerName, () => progressed = true, cancellationToken);
                await relay.Finish(outcome);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (RelayRestartException)
            {
                continue; // studies were added here: a new pass declares and sends them at once
            }
            catch (Exception failure)
            {
                var reason = Describe(failure, peerName);
                LogPassFailed(failure is RelayBlockedException or RpcException or HandoffException ? null : failure, transferId, peerName, reason);
                Telemetry.RelayMetrics.Waiting();
                await ReportWaitingAsync(relay, local, peerName, reason);
            }
            delay = progressed ? FirstRetry : TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _retryLimit.Ticks));
            await Task.Delay(progressed ? FirstRetry : delay, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task<RelayOutcome> PassAsync(IRelayGrain relay, ITransferGrain local, string peerName, Action progress, CancellationToken cancellationToken)
    {
        var transfer = await local.Get() ?? throw new RelayBlockedException("the transfer no longer exists here");
        if (RelayOutcomes.EndedHere(transfer.State) is { } settled)
            return settled;
        var peer = await _peers.GetAsync(peerName);
        if (peer is null || peer.Revoked)
            throw new RelayBlockedException($"network {peerName} is not a registered peer, or it was revoked");
        using var clients = new PeerClients(peer, _certificate, transfer.SourceFacilityId);
        using var span = Telemetry.HandoffTracing.StartRelay(transfer, peerName);

        // Cancelled or expired here while relaying: stop, and tell the peer (the destination must not wait for it).
        using var pass = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var endedHere = WaitUntilEndedHereAsync(local, transfer.Timeline.Count == 0 ? 0 : transfer.Timeline[^1].Sequence, pass.Token);
        var relayed = RelayAsync(relay, local, transfer, clients, progress, pass.Token);
        if (await Task.WhenAny(relayed, endedHere) == relayed)
        {
            await pass.CancelAsync();
            return await relayed;
        }
        await pass.CancelAsync();
        // The relay stops before its peer client is disposed under it (and a restart does not overlap the old pass).
        await ((Task)relayed).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var ended = await endedHere;
        var remote = (await relay.GetStatus()).RemoteTransferId;
        if (remote is not null)
            await clients.Client.CancelTransferAsync(remote, $"the transfer was {ended.ToString().ToLowerInvariant()} in network of origin", cancellationToken);
        return ended;
    }

    private async Task<RelayOutcome> RelayAsync(IRelayGrain relay, ITransferGrain local, TransferRecord transfer, PeerClients clients, Action progress, CancellationToken cancellationToken)
    {
        var peerName = clients.Peer.Name;
        var (remoteTransferId, instances) = await _delivery.DeliverAsync(transfer, clients, progress, cancellationToken);
        await relay.ReportRemoteTransfer(remoteTransferId);
        await relay.ReportWaiting(null);
        await local.RecordRelay(TransferEventKind.Relayed, $"relay:{peerName}",
            $"{instances} instances held by network {peerName} (transfer {remoteTransferId})");
        Telemetry.RelayMetrics.Relayed(await local.Get() ?? transfer, DateTimeOffset.UtcNow);
        await _audit.WriteAsync("transfer.relay-out", transfer.SourceFacilityId, transfer.Id, peerName,
            $"to {transfer.DestinationFacilityId}: {instances} instances held by network {peerName} as transfer {remoteTransferId}");
        var outcome = await _mirror.MirrorAsync(transfer, clients, remoteTransferId, progress, cancellationToken);
        if (outcome == RelayOutcome.Acknowledged)
            await _audit.WriteAsync("transfer.relay-acknowledged", transfer.SourceFacilityId, transfer.Id, peerName,
                $"{transfer.DestinationFacilityId} acknowledged in network {peerName}; receipt checked against this cluster's content hashes");
        return outcome;
    }

    /// <summary>
    /// Completes with the outcome when the transfer is withdrawn here (cancelled, expired or failed; never for
    /// Acknowledged, the relay's own doing), or throws <see cref="RelayRestartException"/> when studies were added:
    /// the pass starts again to send them.
    /// </summary>
    private static async Task<RelayOutcome> WaitUntilEndedHereAsync(ITransferGrain local, long startedAfter, CancellationToken cancellationToken)
    {
        long after = 0;
        while (true)
        {
            var events = await local.WaitForEvents(after, TimeSpan.FromSeconds(5)).WaitAsync(cancellationToken);
            foreach (var transferEvent in events)
            {
                after = transferEvent.Sequence;
                if (Contracts.Transfers.TransferStates.IsWithdrawn(transferEvent.State) && RelayOutcomes.EndedHere(transferEvent.State) is { } ended)
                    return ended;
                if (transferEvent.Kind == TransferEventKind.StudyAdded && transferEvent.Sequence > startedAfter)
                    throw new RelayRestartException();
            }
        }
    }

    private async Task ReportWaitingAsync(IRelayGrain relay, ITransferGrain local, string peerName, string reason)
    {
        try
        {
            await relay.ReportWaiting(reason);
            await local.RecordRelay(TransferEventKind.RelayWaiting, $"relay:{peerName}", reason);
        }
        catch (Exception failure)
        {
            // The cluster itself may be what fails (a silo died, storage is down); the next pass reports again.
            LogReportFailed(failure, peerName);
        }
    }

    /// <summary>One line a person can act on: the peer's status and message, or the local cause.</summary>
    private static string Describe(Exception failure, string peerName) => failure switch
    {
        RelayBlockedException blocked => blocked.Message,
        RpcException rpc when FailureClassifier.IsUnreachable(rpc) =>
            $"network {peerName} cannot be reached; retrying ({rpc.Status.Detail})",
        RpcException rpc => $"network {peerName} answered {rpc.StatusCode}: {rpc.Status.Detail}",
        HandoffUnavailableException unavailable => $"network {peerName} cannot be reached; retrying ({unavailable.Message})",
        HandoffRefusedException refused => $"network {peerName} answered {refused.StatusCode}: {refused.Detail}",
        HandoffException other => $"network {peerName}: {other.Message}",
        _ => $"relay to network {peerName} failed here ({failure.GetType().Name}); retrying",
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relay of transfer {TransferId} to {Peer}: {Reason}")]
    private partial void LogPassFailed(Exception? exception, Guid transferId, string peer, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relay to {Peer}: could not record why it waits")]
    private partial void LogReportFailed(Exception exception, string peer);

    /// <summary>Ends a pass that must start again at once (not a failure: nothing to wait for or report).</summary>
    private sealed class RelayRestartException : Exception
    {
    }
}
