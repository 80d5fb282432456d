using Handoff.Dimse.Association;
using Handoff.Dimse.Commitment;
using Handoff.Dimse.Services;
using Handoff.Dimse.UpperLayer;

namespace Handoff.Gateway.Ingest;

/// <summary>
/// Which associations the gateway accepts for ingest: a calling AE on the allow list (any when the list is empty),
/// calling a route's AE title (storage and Verification) or the gateway's own (Verification only). Storage SOP
/// classes are accepted in the first transfer syntax the peer proposes, whatever it is: instances are stored as
/// received, never converted. With delivery and storage commitment, the gateway's own AE also takes the PACS's
/// commitment reports (Storage Commitment, the SCP role granted to the PACS that asks for it).
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

    /// <summary>Whether the gateway's own AE accepts storage commitment reports (it delivers with commitment).</summary>
    public bool AcceptsCommitmentReports { get; init; }

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
        var reports = route is null && AcceptsCommitmentReports;
        return AssociationDecision.Accept(
            [.. request.Proposals.Select(p => Answer(p, storage: route is not null, reports))],
            reports ? [.. request.RoleSelections.Where(r => r.SopClassUid == StorageCommitment.SopClassUid)] : []);
    }

    private static PresentationContextAnswer Answer(PresentationContextProposal proposal, bool storage, bool reports)
    {
        if (reports && proposal.AbstractSyntax == StorageCommitment.SopClassUid)
        {
            return proposal.TransferSyntaxes.FirstOrDefault(Verification.BasicTransferSyntaxes.Contains) is { } basic
                ? new PresentationContextAnswer(proposal.Id, PresentationContextResult.Acceptance, basic)
                : new PresentationContextAnswer(proposal.Id, PresentationContextResult.TransferSyntaxesNotSupported, proposal.TransferSyntaxes[0]);
        }
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
