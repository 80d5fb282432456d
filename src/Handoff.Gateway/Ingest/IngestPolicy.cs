using Handoff.Dimse.Association;
using Handoff.Dimse.Services;
using Handoff.Dimse.UpperLayer;

namespace Handoff.Gateway.Ingest;

/// <summary>
/// Which associations the gateway accepts for ingest: a calling AE on the allow list (any when the list is empty),
/// calling a route's AE title (storage and Verification) or the gateway's own (Verification only). Storage SOP
/// classes are accepted in the first transfer syntax the peer proposes, whatever it is: instances are stored as
/// received, never converted.
/// </summary>
public sealed class IngestPolicy
{
    /// <summary>Every standard storage SOP class lives under this root (PS3.4 B.5).</summary>
    private const string StorageRoot = "1.2.840.10008.5.1.4.1.1.";

    private readonly Dictionary<string, GatewayRoute> _routes;
    private readonly HashSet<string> _allowed;
    private readonly string _ownAeTitle;

    public IngestPolicy(string ownAeTitle, IEnumerable<GatewayRoute> routes, IEnumerable<string> allowedCallers)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(allowedCallers);
        _ownAeTitle = ownAeTitle;
        _routes = routes.ToDictionary(r => r.CalledAeTitle, StringComparer.Ordinal);
        _allowed = new HashSet<string>(allowedCallers, StringComparer.Ordinal);
    }

    /// <summary>The route an AE title calls, or null.</summary>
    public GatewayRoute? RouteOf(string calledAeTitle) => _routes.GetValueOrDefault(calledAeTitle);

    public AssociationDecision Decide(AssociationParameters request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_allowed.Count > 0 && !_allowed.Contains(request.CallingAeTitle))
            return AssociationDecision.Reject(AssociateRejection.CallingAeNotRecognized);
        var route = RouteOf(request.CalledAeTitle);
        if (route is null && request.CalledAeTitle != _ownAeTitle)
            return AssociationDecision.Reject(AssociateRejection.CalledAeNotRecognized);
        return AssociationDecision.Accept([.. request.Proposals.Select(p => Answer(p, storage: route is not null))]);
    }

    private static PresentationContextAnswer Answer(PresentationContextProposal proposal, bool storage)
    {
        if (proposal.AbstractSyntax == Verification.SopClassUid)
        {
            return proposal.TransferSyntaxes.FirstOrDefault(Verification.BasicTransferSyntaxes.Contains) is { } syntax
                ? new PresentationContextAnswer(proposal.Id, PresentationContextResult.Acceptance, syntax)
                : new PresentationContextAnswer(proposal.Id, PresentationContextResult.TransferSyntaxesNotSupported, proposal.TransferSyntaxes[0]);
        }
        return storage && proposal.AbstractSyntax.StartsWith(StorageRoot, StringComparison.Ordinal)
            ? new PresentationContextAnswer(proposal.Id, PresentationContextResult.Acceptance, proposal.TransferSyntaxes[0])
            : new PresentationContextAnswer(proposal.Id, PresentationContextResult.AbstractSyntaxNotSupported, proposal.TransferSyntaxes[0]);
    }
}
