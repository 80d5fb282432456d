namespace Handoff.Contracts.Transfers;

[GenerateSerializer, Immutable, Alias("handoff.TransferStudyRecord")]
public sealed record TransferStudyRecord(
    [property: Id(0)] string StudyInstanceUid,
    [property: Id(1)] int InstancesDeclared,
    [property: Id(2)] int InstancesAvailable,
    [property: Id(3)] long BytesDeclared,
    [property: Id(4)] bool Complete)
{
    /// <summary>How many different patients (Patient IDs) the study's available instances name; more than one is flagged.</summary>
    [Id(5)]
    public int Patients { get; init; }

    /// <summary>The study's patient and study attributes and its series so far; null until the study reports them.</summary>
    [Id(6)]
    public StudyDigest? Digest { get; init; }

    /// <summary>
    /// Why the study is incomplete although its sender said it is done (fewer arrived than expected, Instance Number
    /// gaps); null while it is still receiving or when nothing is missing. See StudyCompleteness.
    /// </summary>
    [Id(7)]
    public string? Incomplete { get; init; }
}
