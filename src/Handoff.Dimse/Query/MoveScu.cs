using Handoff.Dicom;
using Handoff.Dicom.IO;
using Handoff.Dimse.Association;
using Handoff.Dimse.Messages;
using Handoff.Dimse.Services;

namespace Handoff.Dimse.Query;

/// <summary>
/// C-MOVE as SCU (PS3.4 C.4.2): asks a PACS to send what an identifier names to a destination AE (usually this
/// node's own Storage SCP, over a second association the PACS opens), following the pending responses' counts
/// until the final one.
/// </summary>
public static class MoveScu
{
    /// <summary>The sub-operation counts of the final response, and its status.</summary>
    public sealed record MoveResult(ushort Status, int Completed, int Failed, int Warning)
    {
        public bool IsSuccess => Status == DimseStatus.Success && Failed == 0;
    }

    /// <param name="progress">Told the counts of each pending response (remaining, completed, failed, warning).</param>
    public static async Task<MoveResult> MoveAsync(DicomAssociation association, string informationModel, DicomDataset identifier, string destinationAeTitle,
        Action<(int Remaining, int Completed, int Failed, int Warning)>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(association);
        ArgumentNullException.ThrowIfNull(identifier);
        ArgumentException.ThrowIfNullOrEmpty(destinationAeTitle);
        var context = association.FindContext(informationModel)
            ?? throw new InvalidOperationException($"{association.Peer} did not accept the retrieve model {informationModel}");
        var syntax = DicomTransferSyntax.FromUid(association.ContextOf(context).TransferSyntax);
        var messageId = association.NextMessageId();
        var request = DimseCommands.Request(CommandField.CMoveRequest, informationModel, messageId);
        request.SetString(CommandTags.MoveDestination, destinationAeTitle);
        await association.SendAsync(context, request, DicomDatasetCodec.Encode(identifier, syntax), cancellationToken).ConfigureAwait(false);

        while (true)
        {
            var response = await DimseResponses.ReadAsync(association, CommandField.CMoveResponse, messageId, cancellationToken).ConfigureAwait(false);
            if (response.HasDataSet)
                await association.ReadDataAsync(context, FindScu.MaxIdentifierLength, cancellationToken).ConfigureAwait(false); // failed SOP instance list: counted below
            var status = response.GetUInt16(CommandTags.Status) ?? DimseStatus.ProcessingFailure;
            var counts = (
                Count(response, CommandTags.RemainingSuboperations),
                Count(response, CommandTags.CompletedSuboperations),
                Count(response, CommandTags.FailedSuboperations),
                Count(response, CommandTags.WarningSuboperations));
            if (DimseStatus.IsPending(status))
            {
                progress?.Invoke(counts);
                continue;
            }
            if (status is DimseStatus.Success or DimseStatus.Cancel || (status & 0xF000) == 0xB000)
                return new MoveResult(status, counts.Item2, counts.Item3, counts.Item4);
            throw new DimseStatusException($"C-MOVE at {association.Peer} to {destinationAeTitle}", status, response.GetString(CommandTags.ErrorComment));
        }
    }

    private static int Count(CommandSet response, uint tag) => response.GetUInt16(tag) ?? 0;
}
