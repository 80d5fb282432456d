using Handoff.Dimse.UpperLayer;

namespace Handoff.Dimse.Association;

/// <summary>What an acceptor answers to an A-ASSOCIATE-RQ: a rejection, or an answer for every proposed context.</summary>
public sealed record AssociationDecision
{
    public AssociateRejection? Rejection { get; init; }

    public IReadOnlyList<PresentationContextAnswer> Answers { get; init; } = [];

    public static AssociationDecision Reject(AssociateRejection rejection) => new() { Rejection = rejection };

    public static AssociationDecision Accept(IReadOnlyList<PresentationContextAnswer> answers) => new() { Answers = answers };
}
