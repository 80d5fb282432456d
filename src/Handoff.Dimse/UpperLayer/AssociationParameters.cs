namespace Handoff.Dimse.UpperLayer;

/// <summary>
/// What an A-ASSOCIATE-RQ or -AC carries (PS3.8 9.3.2/9.3.3 and PS3.7 annex D): the AE titles, the application
/// context, presentation contexts (proposals in a request, answers in an accept) and the user information.
/// </summary>
public sealed record AssociationParameters
{
    /// <summary>The one DICOM application context name.</summary>
    public const string DicomApplicationContext = "1.2.840.10008.3.1.1.1";

    public required string CalledAeTitle { get; init; }

    public required string CallingAeTitle { get; init; }

    public string ApplicationContext { get; init; } = DicomApplicationContext;

    /// <summary>In a request: what is proposed.</summary>
    public IReadOnlyList<PresentationContextProposal> Proposals { get; init; } = [];

    /// <summary>In an accept: the answer to each proposal.</summary>
    public IReadOnlyList<PresentationContextAnswer> Answers { get; init; } = [];

    /// <summary>The largest P-DATA-TF PDU (its variable field, in bytes) the sender of this PDU can receive; 0 means no limit.</summary>
    public uint MaxPduLength { get; init; }

    public string ImplementationClassUid { get; init; } = "";

    public string ImplementationVersionName { get; init; } = "";

    /// <summary>Operations invoked and performed asynchronously (0 = unlimited); null when not negotiated (1/1).</summary>
    public (ushort Invoked, ushort Performed)? AsynchronousOperations { get; init; }

    public IReadOnlyList<RoleSelection> RoleSelections { get; init; } = [];
}
