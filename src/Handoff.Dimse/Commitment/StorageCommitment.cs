using Handoff.Dicom;
using Handoff.Dicom.IO;
using Handoff.Dimse.Association;
using Handoff.Dimse.Messages;
using Handoff.Dimse.Query;
using Handoff.Dimse.Services;

namespace Handoff.Dimse.Commitment;

/// <summary>
/// Storage Commitment Push Model (PS3.4 annex J) as SCU: asks a PACS to take responsibility for instances it was
/// sent (N-ACTION), and reads its answer (N-EVENT-REPORT, on the same association or, as most PACS do, on one the
/// PACS opens to this node later).
/// </summary>
public static class StorageCommitment
{
    public const string SopClassUid = "1.2.840.10008.1.20.1";
    public const string WellKnownInstanceUid = "1.2.840.10008.1.20.1.1";

    private static readonly DicomTag TransactionUid = new(0x0008, 0x1195);
    private static readonly DicomTag ReferencedSopSequence = new(0x0008, 0x1199);
    private static readonly DicomTag FailedSopSequence = new(0x0008, 0x1198);
    private static readonly DicomTag ReferencedSopClassUid = new(0x0008, 0x1150);
    private static readonly DicomTag ReferencedSopInstanceUid = new(0x0008, 0x1155);
    private static readonly DicomTag FailureReason = new(0x0008, 0x1197);

    /// <summary>Sends the request for <paramref name="instances"/> under <paramref name="transactionUid"/>; returns once the PACS accepted it.</summary>
    public static async Task RequestAsync(DicomAssociation association, string transactionUid, IReadOnlyList<(string SopClassUid, string SopInstanceUid)> instances, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(association);
        ArgumentNullException.ThrowIfNull(instances);
        var context = association.FindContext(SopClassUid)
            ?? throw new InvalidOperationException($"{association.Peer} did not accept storage commitment");
        var syntax = DicomTransferSyntax.FromUid(association.ContextOf(context).TransferSyntax);
        var items = instances.Select(i => new DicomDataset()
            .Set(ReferencedSopClassUid, DicomVR.UI, i.SopClassUid)
            .Set(ReferencedSopInstanceUid, DicomVR.UI, i.SopInstanceUid)).ToList();
        var request = new DicomDataset().Set(TransactionUid, DicomVR.UI, transactionUid).Set(ReferencedSopSequence, items);

        var messageId = association.NextMessageId();
        var command = DimseCommands.Request(CommandField.NActionRequest, SopClassUid, messageId, requested: true);
        command.SetString(CommandTags.RequestedSopInstanceUid, WellKnownInstanceUid, isUid: true);
        command.SetUInt16(CommandTags.ActionTypeId, 1);
        await association.SendAsync(context, command, DicomDatasetCodec.Encode(request, syntax), cancellationToken).ConfigureAwait(false);
        var response = await DimseResponses.ReadAsync(association, CommandField.NActionResponse, messageId, cancellationToken).ConfigureAwait(false);
        if (response.HasDataSet)
            await association.ReadDataAsync(context, FindScu.MaxIdentifierLength, cancellationToken).ConfigureAwait(false);
        var status = response.GetUInt16(CommandTags.Status) ?? DimseStatus.ProcessingFailure;
        if (status != DimseStatus.Success)
            throw new DimseStatusException($"storage commitment request to {association.Peer}", status, response.GetString(CommandTags.ErrorComment));
    }

    /// <summary>
    /// Reads an N-EVENT-REPORT-RQ of storage commitment (its data set follows the command), answers it, and returns
    /// the report. A report about another SOP class is refused with "no such SOP class".
    /// </summary>
    public static async Task<CommitmentReport?> ReceiveReportAsync(DicomAssociation association, IncomingCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(association);
        var command = request.Command;
        var bytes = command.HasDataSet ? await association.ReadDataAsync(request.ContextId, FindScu.MaxIdentifierLength, cancellationToken).ConfigureAwait(false) : [];
        if (command.GetString(CommandTags.AffectedSopClassUid) != SopClassUid || bytes.Length == 0)
        {
            await association.SendAsync(request.ContextId, DimseCommands.Response(command, DimseStatus.SopClassNotSupported), null, cancellationToken).ConfigureAwait(false);
            return null;
        }
        var syntax = DicomTransferSyntax.FromUid(association.ContextOf(request.ContextId).TransferSyntax);
        var report = DicomDatasetCodec.Decode(bytes, syntax);
        var response = DimseCommands.Response(command, DimseStatus.Success);
        response.SetUInt16(CommandTags.EventTypeId, command.GetUInt16(CommandTags.EventTypeId) ?? 1);
        await association.SendAsync(request.ContextId, response, null, cancellationToken).ConfigureAwait(false);
        return new CommitmentReport(
            report.GetString(TransactionUid) ?? "",
            [.. Items(report, ReferencedSopSequence).Select(i => i.GetString(ReferencedSopInstanceUid) ?? "")],
            [.. Items(report, FailedSopSequence).Select(i => (i.GetString(ReferencedSopInstanceUid) ?? "", (ushort)(i.GetUInt16(FailureReason) ?? 0)))]);
    }

    private static IReadOnlyList<DicomDataset> Items(DicomDataset dataset, DicomTag tag) =>
        dataset.Find(tag) is DicomSequence sequence ? sequence.Items : [];
}

/// <summary>A PACS's answer to a storage commitment request.</summary>
/// <param name="TransactionUid">The request it answers.</param>
/// <param name="Committed">SOP Instance UIDs it took responsibility for.</param>
/// <param name="Failed">Those it did not, with the failure reason (PS3.4 J.3.3.1.1).</param>
public sealed record CommitmentReport(string TransactionUid, IReadOnlyList<string> Committed, IReadOnlyList<(string SopInstanceUid, ushort Reason)> Failed);
