namespace Handoff.Server.DicomWeb;

/// <summary>
/// One part of a STOW-RS request after it was spooled and its header read: the instance it holds, or why it cannot be
/// stored (with the UIDs it names when they could be read, so the response can say which instance failed).
/// </summary>
public sealed record StowPart(int Index, string? Path, string SopClassUid, string SopInstanceUid, string StudyInstanceUid, string SeriesInstanceUid, string PatientId)
{
    /// <summary>The reason the part is refused before anything is sent; null when it can be stored.</summary>
    public StowFailure? Failure { get; init; }

    public static StowPart Refused(int index, StowFailure failure, string sopClassUid = "", string sopInstanceUid = "") =>
        new(index, null, sopClassUid, sopInstanceUid, "", "", "") { Failure = failure };
}
