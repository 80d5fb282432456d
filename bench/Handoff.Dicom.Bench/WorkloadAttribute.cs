namespace Handoff.Dicom.Bench;

/// <summary>
/// Says what one benchmark operation parses, so <see cref="WorkloadColumn"/> can turn a mean time into
/// instances/s and GB/s: one instance of <see cref="Corpus"/>, or the whole corpus.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class WorkloadAttribute : Attribute
{
    public WorkloadAttribute(WorkloadUnit unit, string corpus = "")
    {
        Unit = unit;
        Corpus = corpus;
    }

    public WorkloadUnit Unit { get; }

    /// <summary>The corpus, when the benchmark has no Corpus parameter.</summary>
    public string Corpus { get; }
}
