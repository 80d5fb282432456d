using Handoff.Dimse.Association;
using Handoff.Dimse.Messages;
using Handoff.Dimse.Services;
using Handoff.Dimse.Storage;
using Handoff.Dimse.UpperLayer;

namespace Handoff.Dimse.Tests.Interop;

/// <summary>A storage node for the tests: Verification and every storage SOP class in the first syntax proposed, into a folder store.</summary>
internal sealed class StorageProvider(string aeTitle, IInstanceStore store) : IDicomServiceProvider
{
    public AssociationDecision Decide(AssociationParameters request) =>
        request.CalledAeTitle != aeTitle
            ? AssociationDecision.Reject(AssociateRejection.CalledAeNotRecognized)
            : AssociationDecision.Accept([.. request.Proposals.Select(p => new PresentationContextAnswer(p.Id, PresentationContextResult.Acceptance, p.TransferSyntaxes[0]))]);

    public async Task HandleAsync(DicomAssociation association, IncomingCommand request, CancellationToken cancellationToken)
    {
        switch (request.Command.Field)
        {
            case CommandField.CEchoRequest:
                await Verification.RespondAsync(association, request, cancellationToken);
                break;
            case CommandField.CStoreRequest:
                await StorageScp.HandleAsync(association, request, store, cancellationToken);
                break;
            default:
                await association.SendAsync(request.ContextId, DimseCommands.Response(request.Command, DimseStatus.UnrecognizedOperation), null, cancellationToken);
                break;
        }
    }
}
