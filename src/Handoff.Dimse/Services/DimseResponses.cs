using Handoff.Dimse.Association;
using Handoff.Dimse.Messages;

namespace Handoff.Dimse.Services;

/// <summary>Reading the response a requestor waits for, with the checks that it answers the request it sent.</summary>
public static class DimseResponses
{
    /// <summary>
    /// The next command, which must be <paramref name="expected"/> for <paramref name="messageId"/>; a data set it
    /// carries must be read by the caller. Anything else aborts the association: a peer that answers another
    /// request than the one outstanding cannot be trusted with the next.
    /// </summary>
    public static async Task<CommandSet> ReadAsync(DicomAssociation association, CommandField expected, ushort messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(association);
        var incoming = await association.ReadCommandAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new AssociationAbortedException($"{association.Peer} released the association instead of answering message {messageId}");
        var command = incoming.Command;
        if (command.Field != expected || command.GetUInt16(CommandTags.MessageIdBeingRespondedTo) != messageId)
        {
            await association.AbortAsync().ConfigureAwait(false);
            throw new AssociationAbortedException($"{association.Peer} answered message {messageId} with {command.Field} for message {command.GetUInt16(CommandTags.MessageIdBeingRespondedTo)}");
        }
        return command;
    }
}
