using Handoff.Contracts.Studies;
using Handoff.Contracts.Transfers;

namespace Handoff.Server.Federation.Relay;

/// <summary>
/// What the relay knows of the studies it forwards: each instance's chunks, which instances are available here but
/// not yet forwarded, and which studies are complete (no more instances to come). Loaded from the manifests, then
/// kept current from the transfer's InstanceAvailable and StudyComplete events.
/// </summary>
internal sealed class RelayView
{
    private readonly Dictionary<string, Dictionary<string, IReadOnlyList<string>>> _chunks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _ready = new(StringComparer.Ordinal);
    private readonly HashSet<string> _complete = new(StringComparer.Ordinal);

    public int InstanceCount => _chunks.Values.Sum(study => study.Count);

    /// <summary>(Re)loads a study: every available instance with a chunk the peer still lacks is ready.</summary>
    public void Load(StudyManifest manifest, IReadOnlySet<string> lacking)
    {
        var chunks = manifest.Instances.ToDictionary(i => i.SopInstanceUid, i => i.ChunkHashes, StringComparer.Ordinal);
        _chunks[manifest.StudyInstanceUid] = chunks;
        _ready[manifest.StudyInstanceUid] = [.. manifest.Instances.Where(i => i.Available && i.ChunkHashes.Any(lacking.Contains)).Select(i => i.SopInstanceUid)];
        if (manifest.Status.State == StudyState.Complete)
            _complete.Add(manifest.StudyInstanceUid);
    }

    /// <summary>Applies an event; false when it names something unknown (the manifests must be read again).</summary>
    public bool Apply(TransferEventRecord transferEvent)
    {
        ArgumentNullException.ThrowIfNull(transferEvent);
        switch (transferEvent.Kind)
        {
            case TransferEventKind.InstanceAvailable:
                if (!_chunks.TryGetValue(transferEvent.StudyInstanceUid, out var study) || !study.ContainsKey(transferEvent.SopInstanceUid))
                    return false;
                _ready[transferEvent.StudyInstanceUid].Add(transferEvent.SopInstanceUid);
                return true;
            case TransferEventKind.StudyComplete:
                _complete.Add(transferEvent.StudyInstanceUid);
                return _chunks.ContainsKey(transferEvent.StudyInstanceUid);
            default:
                return true;
        }
    }

    /// <summary>The lacking chunks of the study's ready instances, each once; those instances are no longer ready.</summary>
    public List<string> TakeReadyChunks(string studyInstanceUid, IReadOnlySet<string> lacking)
    {
        if (!_ready.TryGetValue(studyInstanceUid, out var ready) || ready.Count == 0)
            return [];
        var chunks = _chunks[studyInstanceUid];
        var result = ready.SelectMany(sop => chunks[sop]).Where(lacking.Contains).Distinct(StringComparer.Ordinal).ToList();
        ready.Clear();
        return result;
    }

    public bool IsComplete(string studyInstanceUid) => _complete.Contains(studyInstanceUid);
}
