namespace Handoff.Dicom.Bench;

/// <summary>What one operation of a benchmark covers (see <see cref="WorkloadAttribute"/>).</summary>
public enum WorkloadUnit
{
    /// <summary>One file: the benchmark uses OperationsPerInvoke = the corpus size.</summary>
    Instance,

    /// <summary>Every file of the corpus.</summary>
    Corpus,
}
