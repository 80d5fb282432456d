using Handoff.Dimse.UpperLayer;

namespace Handoff.Dimse.Association;

/// <summary>What an acceptor answers to an A-ASSOCIATE-RQ: a rejection, or an answer for every proposed context.</summary>
public sealed record AssociationDecision
{
    public AssociateRejection? Rejection { get; init; }

    public IReadOnlyList<PresentationContextAnswer> Answers { get; init; } = [];

    /// <summary>
    /// The roles granted for SOP classes whose roles the requestor proposed (PS3.7 D.3.3.4): a PACS that opens an
    /// association to deliver a storage commitment report plays the SCP role and must be granted it.
    /// </summary>
    public IReadOnlyList<RoleSelection> RoleSelections { get; init; } = [];

    public static AssociationDecision Reject(AssociateRejection rejection) => new() { Rejection = rejection };

    public static AssociationDecision Accept(IReadOnlyList<PresentationContextAnswer> answers, IReadOnlyList<RoleSelection>? roles = null) =>
        new() { Answers = answers, RoleSelections = roles ?? [] };
}
