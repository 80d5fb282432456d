using Handoff.Contracts.Studies;

namespace Handoff.Contracts.Transfers;

/// <summary>
/// What a list of transfers shows about a study without its manifest: the indexed patient and study attributes (null
/// until an instance is verified) and the series that have arrived, with how many instances each. Patient data: never log it.
/// </summary>
[GenerateSerializer, Immutable, Alias("handoff.StudyDigest")]
public sealed record StudyDigest(
    [property: Id(0)] StudyMetadata? Metadata,
    [property: Id(1)] IReadOnlyList<SeriesProgressRecord> Series)
{
    // By value: a transfer writes its state only when a study's totals really changed.
    public bool Equals(StudyDigest? other) =>
        other is not null && Equals(Metadata, other.Metadata) && Series.SequenceEqual(other.Series);

    public override int GetHashCode() => HashCode.Combine(Metadata, Series.Count);
}

/// <summary>One series of a study and how many of its instances have arrived (verified).</summary>
[GenerateSerializer, Immutable, Alias("handoff.SeriesProgressRecord")]
public sealed record SeriesProgressRecord(
    [property: Id(0)] string SeriesInstanceUid,
    [property: Id(1)] string Modality,
    [property: Id(2)] string Description,
    [property: Id(3)] int SeriesNumber,
    [property: Id(4)] int InstancesAvailable)
{
    /// <summary>Instances of the series declared so far (by the series the sender declared, or the header once verified).</summary>
    [Id(5)]
    public int InstancesDeclared { get; init; }

    /// <summary>Instance Numbers missing between the lowest and highest that arrived; null when none are.</summary>
    [Id(6)]
    public InstanceNumberGaps? Gaps { get; init; }

    /// <summary>What a PACS reported for the series (Number of Series Related Instances, C-FIND); null when none did.</summary>
    [Id(7)]
    public int? InstancesExpected { get; init; }

    /// <summary>The thickest Slice Thickness (0018,0050) in mm among the arrived instances (what rules match); null when none says.</summary>
    [Id(8)]
    public double? SliceThickness { get; init; }
}
