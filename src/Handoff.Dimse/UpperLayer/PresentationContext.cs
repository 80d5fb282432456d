namespace Handoff.Dimse.UpperLayer;

/// <summary>A presentation context an association requestor proposes: an odd id, one abstract syntax, its transfer syntaxes.</summary>
/// <param name="Id">1, 3, 5, … 255.</param>
/// <param name="AbstractSyntax">The SOP class (or meta SOP class) UID.</param>
/// <param name="TransferSyntaxes">The transfer syntax UIDs offered, most preferred first.</param>
public sealed record PresentationContextProposal(byte Id, string AbstractSyntax, IReadOnlyList<string> TransferSyntaxes);

/// <summary>The acceptor's answer for one presentation context.</summary>
/// <param name="Id">The proposal's id.</param>
/// <param name="Result">Accepted, or why not.</param>
/// <param name="TransferSyntax">The transfer syntax chosen (meaningful only when accepted).</param>
public sealed record PresentationContextAnswer(byte Id, PresentationContextResult Result, string TransferSyntax)
{
    public bool IsAccepted => Result == PresentationContextResult.Acceptance;
}

/// <summary>PS3.8 table 9-18.</summary>
public enum PresentationContextResult : byte
{
    Acceptance = 0,
    UserRejection = 1,
    NoReason = 2,
    AbstractSyntaxNotSupported = 3,
    TransferSyntaxesNotSupported = 4,
}

/// <summary>SCP/SCU role selection for one SOP class (PS3.7 D.3.3.4): which roles the proposer may play.</summary>
/// <param name="SopClassUid">The SOP class.</param>
/// <param name="Scu">The requestor may act as SCU.</param>
/// <param name="Scp">The requestor may act as SCP (say, for C-GET or storage commitment replies).</param>
public sealed record RoleSelection(string SopClassUid, bool Scu, bool Scp);
