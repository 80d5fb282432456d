using Handoff.Dimse.Association;
using Handoff.Dimse.Messages;
using Handoff.Dimse.Services;
using Handoff.Dimse.UpperLayer;

namespace Handoff.Dimse.Tests.Interop;

/// <summary>A node that only answers C-ECHO, called by one AE title and, when given, only from the allowed callers.</summary>
internal sealed class VerificationProvider(string aeTitle, IReadOnlyCollection<string>? allowed = null) : IDicomServiceProvider
{
    private int _echoes;

    public int Echoes => Volatile.Read(ref _echoes);

    public AssociationDecision Decide(AssociationParameters request)
    {
        if (request.CalledAeTitle != aeTitle)
            return AssociationDecision.Reject(AssociateRejection.CalledAeNotRecognized);
        if (allowed is not null && !allowed.Contains(request.CallingAeTitle))
            return AssociationDecision.Reject(AssociateRejection.CallingAeNotRecognized);
        return AssociationDecision.Accept([.. request.Proposals.Select(p =>
            p.AbstractSyntax != Verification.SopClassUid ? new PresentationContextAnswer(p.Id, PresentationContextResult.AbstractSyntaxNotSupported, p.TransferSyntaxes[0])
            : p.TransferSyntaxes.FirstOrDefault(Verification.BasicTransferSyntaxes.Contains) is { } syntax ? new PresentationContextAnswer(p.Id, PresentationContextResult.Acceptance, syntax)
            : new PresentationContextAnswer(p.Id, PresentationContextResult.TransferSyntaxesNotSupported, p.TransferSyntaxes[0]))]);
    }

    public async Task HandleAsync(DicomAssociation association, IncomingCommand request, CancellationToken cancellationToken)
    {
        if (request.Command.Field != CommandField.CEchoRequest)
        {
            await association.SendAsync(request.ContextId, DimseCommands.Response(request.Command, DimseStatus.UnrecognizedOperation), null, cancellationToken);
            return;
        }
        Interlocked.Increment(ref _echoes);
        await Verification.RespondAsync(association, request, cancellationToken);
    }
}
