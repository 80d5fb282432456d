using System.ComponentModel.DataAnnotations;

namespace Handoff.Grains.Studies;

/// <summary>
/// What one study may grow to. Bound from <c>Handoff:Upload</c> (beside the server's own upload settings) and validated
/// on start. Every declaration rewrites the study's state, so an unbounded study makes every declaration slower than
/// the last and its declared-chunk set larger for every upload stream.
/// </summary>
public sealed class StudyLimitOptions
{
    public const string Section = "Handoff:Upload";

    /// <summary>Instances one study may declare. Real studies have up to a few thousand; 50,000 leaves room for the odd giant.</summary>
    [Range(1, 1_000_000)]
    public int MaxInstancesPerStudy { get; set; } = 50_000;
}
