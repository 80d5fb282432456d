using Handoff.Dicom;
using Handoff.Dicom.IO;
using Handoff.Dimse.Association;
using Handoff.Dimse.Messages;
using Handoff.Dimse.Services;

namespace Handoff.Dimse.Query;

/// <summary>
/// C-FIND as SCU (PS3.4 C.4.1): sends an identifier and collects the matches. The number of matches is bounded:
/// past <c>maxMatches</c> the query is cancelled (C-CANCEL) and the result says it was cut, so a PACS that answers
/// a broad query with a million studies cannot take this node's memory.
/// </summary>
public static class FindScu
{
    /// <summary>The longest identifier accepted in a response.</summary>
    public const int MaxIdentifierLength = 1024 * 1024;

    /// <summary>The matches, and whether more existed than were taken.</summary>
    public sealed record FindResult(IReadOnlyList<DicomDataset> Matches, bool Truncated);

    public static async Task<FindResult> FindAsync(DicomAssociation association, string informationModel, DicomDataset identifier, int maxMatches, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(association);
        ArgumentNullException.ThrowIfNull(identifier);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMatches, 1);
        var context = association.FindContext(informationModel)
            ?? throw new InvalidOperationException($"{association.Peer} did not accept the query model {informationModel}");
        var syntax = DicomTransferSyntax.FromUid(association.ContextOf(context).TransferSyntax);
        var messageId = association.NextMessageId();
        var request = DimseCommands.Request(CommandField.CFindRequest, informationModel, messageId);
        await association.SendAsync(context, request, DicomDatasetCodec.Encode(identifier, syntax), cancellationToken).ConfigureAwait(false);

        var matches = new List<DicomDataset>();
        var cancelled = false;
        while (true)
        {
            var response = await DimseResponses.ReadAsync(association, CommandField.CFindResponse, messageId, cancellationToken).ConfigureAwait(false);
            var status = response.GetUInt16(CommandTags.Status) ?? DimseStatus.ProcessingFailure;
            DicomDataset? match = null;
            if (response.HasDataSet)
            {
                var bytes = await association.ReadDataAsync(context, MaxIdentifierLength, cancellationToken).ConfigureAwait(false);
                match = DicomDatasetCodec.Decode(bytes, syntax);
            }
            if (DimseStatus.IsPending(status))
            {
                if (match is not null && !cancelled)
                    matches.Add(match);
                if (matches.Count >= maxMatches && !cancelled)
                {
                    cancelled = true;
                    await SendCancelAsync(association, context, messageId, cancellationToken).ConfigureAwait(false);
                }
                continue;
            }
            if (status == DimseStatus.Success || status == DimseStatus.Cancel)
                return new FindResult(matches, cancelled);
            throw new DimseStatusException($"C-FIND at {association.Peer}", status, response.GetString(CommandTags.ErrorComment));
        }
    }

    private static ValueTask SendCancelAsync(DicomAssociation association, byte context, ushort messageId, CancellationToken cancellationToken)
    {
        var cancel = new CommandSet { Field = CommandField.CCancelRequest };
        cancel.SetUInt16(CommandTags.MessageIdBeingRespondedTo, messageId);
        return association.SendAsync(context, cancel, null, cancellationToken);
    }
}
