namespace Handoff.Dimse.Messages;

/// <summary>Builds the command sets this node sends (PS3.7 9.3, 10.3).</summary>
public static class DimseCommands
{
    /// <summary>A request: its field, SOP class, message id (and priority for C-STORE, C-FIND, C-MOVE).</summary>
    public static CommandSet Request(CommandField field, string sopClassUid, ushort messageId, bool requested = false)
    {
        var command = new CommandSet { Field = field };
        command.SetString(requested ? CommandTags.RequestedSopClassUid : CommandTags.AffectedSopClassUid, sopClassUid, isUid: true);
        command.SetUInt16(CommandTags.MessageId, messageId);
        if (field is CommandField.CStoreRequest or CommandField.CFindRequest or CommandField.CMoveRequest or CommandField.CGetRequest)
            command.SetUInt16(CommandTags.Priority, 0x0000); // medium
        return command;
    }

    /// <summary>The response to <paramref name="request"/>: the matching field, the request's SOP class and instance, and the status.</summary>
    public static CommandSet Response(CommandSet request, ushort status, string? errorComment = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = new CommandSet { Field = (CommandField)((ushort)request.Field | 0x8000) };
        if ((request.GetString(CommandTags.AffectedSopClassUid) ?? request.GetString(CommandTags.RequestedSopClassUid)) is { Length: > 0 } sopClass)
            response.SetString(CommandTags.AffectedSopClassUid, sopClass, isUid: true);
        response.SetUInt16(CommandTags.MessageIdBeingRespondedTo, request.GetUInt16(CommandTags.MessageId) ?? 0);
        if (request.GetString(CommandTags.AffectedSopInstanceUid) is { Length: > 0 } instance)
            response.SetString(CommandTags.AffectedSopInstanceUid, instance, isUid: true);
        response.SetUInt16(CommandTags.Status, status);
        if (!string.IsNullOrEmpty(errorComment))
            response.SetString(CommandTags.ErrorComment, errorComment.Length > 64 ? errorComment[..64] : errorComment);
        return response;
    }
}
