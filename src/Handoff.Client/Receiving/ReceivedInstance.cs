namespace Handoff.Client;

/// <summary>One instance of a transfer being received, as the manifest describes it.</summary>
/// <param name="StudyInstanceUid">Its study.</param>
/// <param name="SeriesInstanceUid">Its series.</param>
/// <param name="SopInstanceUid">Its SOP Instance UID.</param>
/// <param name="SopClassUid">Its SOP Class UID.</param>
/// <param name="Hashes">The chunk hashes its bytes must have (their content hash is what the receipt confirms).</param>
public sealed record ReceivedInstance(string StudyInstanceUid, string SeriesInstanceUid, string SopInstanceUid, string SopClassUid, InstanceHashes Hashes)
{
    /// <summary>The instance's identity in the transfer.</summary>
    public InstanceId Id => new(StudyInstanceUid, SopInstanceUid);
}
