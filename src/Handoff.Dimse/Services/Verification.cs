using Handoff.Dicom;
using Handoff.Dimse.Association;
using Handoff.Dimse.Messages;

namespace Handoff.Dimse.Services;

/// <summary>The Verification service (C-ECHO, PS3.4 annex A): "are you there and do you speak DICOM".</summary>
public static class Verification
{
    public const string SopClassUid = "1.2.840.10008.1.1";

    /// <summary>Sends a C-ECHO-RQ on an association that accepted Verification and returns the response's status.</summary>
    public static async Task<ushort> EchoAsync(DicomAssociation association, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(association);
        var context = association.FindContext(SopClassUid)
            ?? throw new InvalidOperationException($"{association.Peer} did not accept the Verification SOP class");
        var messageId = association.NextMessageId();
        await association.SendAsync(context, DimseCommands.Request(CommandField.CEchoRequest, SopClassUid, messageId), null, cancellationToken).ConfigureAwait(false);
        var response = await DimseResponses.ReadAsync(association, CommandField.CEchoResponse, messageId, cancellationToken).ConfigureAwait(false);
        return response.GetUInt16(CommandTags.Status) ?? DimseStatus.ProcessingFailure;
    }

    /// <summary>Answers a C-ECHO-RQ with success.</summary>
    public static ValueTask RespondAsync(DicomAssociation association, IncomingCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(association);
        return association.SendAsync(request.ContextId, DimseCommands.Response(request.Command, DimseStatus.Success), null, cancellationToken);
    }

    /// <summary>The transfer syntaxes every node must accept for Verification and commands without data sets.</summary>
    public static IReadOnlyList<string> BasicTransferSyntaxes { get; } =
        [DicomTransferSyntax.ExplicitVRLittleEndian.Uid, DicomTransferSyntax.ImplicitVRLittleEndian.Uid];
}
