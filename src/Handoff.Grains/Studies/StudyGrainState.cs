using Handoff.Contracts.Studies;

namespace Handoff.Grains.Studies;

/// <summary>
/// A study as stored: its declared instances, the study-level metadata and series read from verified headers, the
/// problems that made instances refused, and the transfers that carry it. Written on declare, verify, reject,
/// complete, attach and release; not on every stored chunk (see <see cref="StudyInstanceState.StoredChunks"/>).
/// </summary>
[GenerateSerializer, Alias("handoff.grains.StudyGrainState")]
public sealed class StudyGrainState
{
    /// <summary>Set by the first declaration and fixed from then on; 0 means nothing was ever declared.</summary>
    [Id(0)]
    public int ChunkSize { get; set; }

    /// <summary>In declaration order, which is the order the manifest lists them.</summary>
    [Id(1)]
    public List<StudyInstanceState> Instances { get; set; } = [];

    /// <summary>Each series as the first verified instance of it described it, in the order they appeared.</summary>
    [Id(2)]
    public List<ManifestSeries> Series { get; set; } = [];

    /// <summary>From the first verified instance. Patient data: never log it.</summary>
    [Id(3)]
    public StudyMetadata? Metadata { get; set; }

    [Id(4)]
    public List<InstanceProblem> Problems { get; set; } = [];

    /// <summary>Transfers told of this study's progress; an acknowledged transfer leaves this list but keeps its hold.</summary>
    [Id(5)]
    public List<Guid> Transfers { get; set; } = [];

    /// <summary>Accepted by <see cref="IStudyGrain.Complete"/>; a later declaration of new instances clears it.</summary>
    [Id(6)]
    public bool Completed { get; set; }

    [Id(7)]
    public DateTimeOffset CreatedAt { get; set; }

    [Id(8)]
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Listed in the facility's study registry, where the chunk collector finds the chunks this study uses.</summary>
    [Id(9)]
    public bool Registered { get; set; }

    /// <summary>
    /// Transfers that keep this study, each with the time its hold ends if the transfer never releases it (attach time
    /// plus the retention period). The last release clears the study; see <see cref="StudyHolds"/>.
    /// </summary>
    [Id(10)]
    public Dictionary<Guid, DateTimeOffset> Holds { get; set; } = [];

    /// <summary>
    /// The distinct patients the verified instances name (a hash of Patient ID and issuer each, at most
    /// <see cref="StudyInstances.MaxPatientsTracked"/>): more than one is a study that must not be filed as one patient's.
    /// </summary>
    [Id(11)]
    public List<string> PatientKeys { get; set; } = [];

    /// <summary>
    /// Instances per series a PACS reported when the study was pulled from it (Number of Series Related Instances,
    /// C-FIND), as the sender passed them with its declaration: more expected than arrived is an incomplete study.
    /// </summary>
    [Id(12)]
    public Dictionary<string, int> ExpectedBySeries { get; set; } = [];

    /// <summary>Instances of the whole study a PACS reported (Number of Study Related Instances); null when none did.</summary>
    [Id(13)]
    public int? ExpectedInstances { get; set; }
}
