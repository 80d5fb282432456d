namespace Handoff.Contracts.Transfers;

/// <summary>
/// One instance of a transfer: its study and SOP Instance UID. The SOP Instance UID alone is not enough, because the
/// same UID can sit in two studies of one transfer (study merges and re-imports produce it). Ordered by study, then
/// SOP Instance UID, ordinally: the order receipts are hashed in.
/// </summary>
[GenerateSerializer, Immutable, Alias("handoff.InstanceKey")]
public sealed record InstanceKey(
    [property: Id(0)] string StudyInstanceUid,
    [property: Id(1)] string SopInstanceUid) : IComparable<InstanceKey>
{
    public int CompareTo(InstanceKey? other)
    {
        if (other is null)
            return 1;
        var byStudy = string.CompareOrdinal(StudyInstanceUid, other.StudyInstanceUid);
        return byStudy != 0 ? byStudy : string.CompareOrdinal(SopInstanceUid, other.SopInstanceUid);
    }

    public override string ToString() => $"{SopInstanceUid} (study {StudyInstanceUid})";
}
