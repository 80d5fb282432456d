namespace Handoff.Client;

/// <summary>
/// How many instances a PACS reported for one study (C-FIND: Number of Study Related Instances, and per series
/// Number of Series Related Instances), passed with the study's declaration so that the destination sees the study
/// incomplete when fewer arrive. Counts are at least 1; a count the PACS did not give is left out.
/// </summary>
public sealed record ExpectedInstances
{
    /// <summary>Instances of the whole study; null when the PACS did not say.</summary>
    public int? Study { get; init; }

    /// <summary>Instances per series, by Series Instance UID.</summary>
    public IReadOnlyDictionary<string, int> Series { get; init; } = new Dictionary<string, int>();
}
