using Handoff.Dimse.Association;
using Handoff.Dimse.Commitment;
using Handoff.Dimse.Messages;
using Handoff.Dimse.Services;
using Handoff.Dimse.Storage;
using Handoff.Dimse.UpperLayer;
using Handoff.Gateway.Delivery;
using Microsoft.Extensions.Logging;

namespace Handoff.Gateway.Ingest;

/// <summary>
/// The gateway's DICOM face for ingest: associations decided by <see cref="IngestPolicy"/>, C-ECHO answered,
/// C-STORE streamed into the spool (<see cref="IInstanceStore"/>), anything else refused as unrecognized.
/// Log lines name AE titles and counts, never patient data.
/// </summary>
public sealed partial class IngestProvider : IDicomServiceProvider
{
    private readonly IngestPolicy _policy;
    private readonly IInstanceStore _spool;
    private readonly ILogger _logger;

    private readonly CommitmentReports? _reports;

    /// <param name="policy">Which associations are accepted.</param>
    /// <param name="spool">Where C-STOREd instances go.</param>
    /// <param name="logger">For refusals; never patient data.</param>
    /// <param name="reports">Where storage commitment reports from the delivery PACS go; null when the gateway does not deliver with commitment.</param>
    public IngestProvider(IngestPolicy policy, IInstanceStore spool, ILogger logger, CommitmentReports? reports = null)
    {
        _reports = reports;
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        _spool = spool ?? throw new ArgumentNullException(nameof(spool));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public AssociationDecision Decide(AssociationParameters request)
    {
        var decision = _policy.Decide(request);
        if (decision.Rejection is { } rejection)
            LogRejected(_logger, request.CallingAeTitle, request.CalledAeTitle, rejection.Describe());
        GatewayMetrics.Association(decision.Rejection is null);
        return decision;
    }

    public async Task HandleAsync(DicomAssociation association, IncomingCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(association);
        switch (request.Command.Field)
        {
            case CommandField.CEchoRequest:
                await Verification.RespondAsync(association, request, cancellationToken).ConfigureAwait(false);
                break;
            case CommandField.CStoreRequest:
                GatewayMetrics.Stored((await StorageScp.HandleAsync(association, request, _spool, cancellationToken).ConfigureAwait(false)).Status);
                break;
            case CommandField.NEventReportRequest when _reports is not null:
                if (await StorageCommitment.ReceiveReportAsync(association, request, cancellationToken).ConfigureAwait(false) is { } report
                    && !_reports.Offer(association.Request.CallingAeTitle, report))
                    LogUnexpectedReport(_logger, association.Request.CallingAeTitle);
                break;
            default:
                LogUnrecognized(_logger, association.Request.CallingAeTitle, (ushort)request.Command.Field);
                if (request.Command.HasDataSet)
                    await association.ReadDataAsync(request.ContextId, static (_, _) => ValueTask.CompletedTask, cancellationToken).ConfigureAwait(false);
                await association.SendAsync(request.ContextId, DimseCommands.Response(request.Command, DimseStatus.UnrecognizedOperation), null, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Association from {CallingAe} to {CalledAe} rejected: {Reason}")]
    private static partial void LogRejected(ILogger logger, string callingAe, string calledAe, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{CallingAe} sent a storage commitment report for no transaction this gateway waits for from it; ignored")]
    private static partial void LogUnexpectedReport(ILogger logger, string callingAe);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{CallingAe} asked for DIMSE operation 0x{Field:X4}, which the gateway does not perform")]
    private static partial void LogUnrecognized(ILogger logger, string callingAe, ushort field);
}
