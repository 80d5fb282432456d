using System.Collections.Concurrent;
using Handoff.Client;
using Handoff.Protos.V1;
using Microsoft.Extensions.Logging;

namespace Handoff.Gateway.Delivery;

/// <summary>
/// The gateway's delivery: follows the facility's inbox (the library's standing receiver: STAT first, back-off,
/// outlives server restarts), receives each transfer into FOLDER/&lt;transfer id&gt;/ and delivers it into the PACS
/// (<see cref="TransferDelivery"/>). A transfer is acknowledged only once the PACS holds (and, with commitment,
/// committed) every instance; until then it is retried with back-off and the reason is on its timeline.
/// </summary>
public sealed partial class PacsDeliverer
{
    private readonly HandoffClient _client;
    private readonly PacsDeliveryOptions _options;
    private readonly CommitmentReports _reports;
    private readonly string _folder;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, TransferDelivery> _deliveries = new(StringComparer.Ordinal);

    public PacsDeliverer(HandoffClient client, PacsDeliveryOptions options, CommitmentReports reports, string folder, ILogger logger)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _reports = reports ?? throw new ArgumentNullException(nameof(reports));
        _folder = folder ?? throw new ArgumentNullException(nameof(folder));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Delivers until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await RemoveEndedAsync(cancellationToken).ConfigureAwait(false);
        var options = new InboxReceiveOptions
        {
            ConcurrentTransfers = _options.ConcurrentTransfers,
            Receive = new ReceiveOptions { Acknowledge = false },
            AfterReceive = FinishAsync,
            FirstRetryDelay = _options.FirstRetryDelay,
            LongestRetryDelay = _options.LongestRetryDelay,
            Report = Report,
        };
        await _client.ReceiveInboxAsync(SinkFor, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Folders of transfers that ended while this gateway was down (or after it acknowledged, before it removed the
    /// folder): patient data with nothing left to do is not kept.
    /// </summary>
    private async Task RemoveEndedAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(_folder))
            return;
        foreach (var folder in Directory.EnumerateDirectories(_folder))
        {
            try
            {
                var transfer = await _client.GetTransferAsync(Path.GetFileName(folder), cancellationToken).ConfigureAwait(false);
                if (!TransferStates.IsFinal(transfer.State))
                    continue;
            }
            catch (HandoffRefusedException)
            {
                // Gone from the server (expired and removed), or never this facility's.
            }
            catch (HandoffUnavailableException)
            {
                return; // decided next time
            }
            Directory.Delete(folder, recursive: true);
            LogRemoved(_logger, Path.GetFileName(folder));
        }
    }

    private TransferDelivery SinkFor(Transfer transfer)
    {
        var delivery = new TransferDelivery(transfer, Path.Combine(_folder, transfer.Id), _options, _reports, _client, _logger);
        if (_deliveries.TryGetValue(transfer.Id, out var earlier))
            _ = earlier.AbandonAsync(); // an attempt whose receive failed: its cut-through store stops
        _deliveries[transfer.Id] = delivery;
        return delivery;
    }

    private async Task FinishAsync(Transfer transfer, ReceiveResult result, CancellationToken cancellationToken)
    {
        if (!_deliveries.TryRemove(transfer.Id, out var delivery))
            throw new InvalidOperationException($"transfer {transfer.Id} was received without a delivery");
        await delivery.FinishAsync(result, cancellationToken).ConfigureAwait(false);
    }

    private void Report(InboxReceiveEvent step)
    {
        switch (step.Step)
        {
            case InboxReceiveStep.Started:
                LogStarted(_logger, step.Transfer!.Id, step.Transfer.Priority.ToString(), step.Transfer.SourceFacilityId);
                break;
            case InboxReceiveStep.Retrying:
                LogRetrying(_logger, step.Transfer!.Id, (long)(step.RetryIn?.TotalSeconds ?? 0), step.Error?.Message ?? "");
                break;
            case InboxReceiveStep.Abandoned:
                LogAbandoned(_logger, step.Transfer!.Id, step.Error?.Message ?? "");
                if (_deliveries.TryRemove(step.Transfer.Id, out var abandoned))
                    _ = AbandonAsync(abandoned, removeFolder: step.Error is TransferEndedException);
                break;
            case InboxReceiveStep.ServerUnreachable:
                LogServerUnreachable(_logger, (long)(step.RetryIn?.TotalSeconds ?? 0), step.Error?.Message ?? "");
                break;
        }
    }

    private async Task AbandonAsync(TransferDelivery delivery, bool removeFolder)
    {
        await delivery.AbandonAsync().ConfigureAwait(false);
        if (removeFolder && Directory.Exists(delivery.Folder))
            Directory.Delete(delivery.Folder, recursive: true); // cancelled or expired: its images are not kept here
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Transfer {TransferId}: ended; its delivery folder is removed")]
    private static partial void LogRemoved(ILogger logger, string transferId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Transfer {TransferId} ({Priority}, from {Source}): receiving and delivering")]
    private static partial void LogStarted(ILogger logger, string transferId, string priority, string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer {TransferId}: delivery tried again in {Seconds} s: {Reason}")]
    private static partial void LogRetrying(ILogger logger, string transferId, long seconds, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Transfer {TransferId}: delivery given up: {Reason}")]
    private static partial void LogAbandoned(ILogger logger, string transferId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No server reachable; listing the inbox again in {Seconds} s: {Reason}")]
    private static partial void LogServerUnreachable(ILogger logger, long seconds, string reason);
}
