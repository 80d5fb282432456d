using Handoff.Contracts.Studies;
using Handoff.Contracts.Transfers;

namespace Handoff.Server.Federation.Relay;

/// <summary>
/// What the relay knows of the studies it forwards: their instances, which are available here but not yet forwarded,
/// and which studies are complete (no more instances to come). Loaded from the manifests, then kept current from the
/// transfer's InstanceAvailable and StudyComplete events.
/// </summary>
internal sealed class RelayView
{
    private readonly Dictionary<string, HashSet<string>> _instances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _ready = new(StringComparer.Ordinal);
    private readonly HashSet<string> _complete = new(StringComparer.Ordinal);

    public int InstanceCount => _instances.Values.Sum(study => study.Count);

    /// <summary>(Re)loads a study: every available instance that still has something to send is ready.</summary>
    public void Load(StudyManifest manifest, Func<string, bool> hasWork)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        _instances[manifest.StudyInstanceUid] = manifest.Instances.Select(i => i.SopInstanceUid).ToHashSet(StringComparer.Ordinal);
        _ready[manifest.StudyInstanceUid] = [.. manifest.Instances.Where(i => i.Available && hasWork(i.SopInstanceUid)).Select(i => i.SopInstanceUid)];
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
                if (!_instances.TryGetValue(transferEvent.StudyInstanceUid, out var study) || !study.Contains(transferEvent.SopInstanceUid))
                    return false;
                _ready[transferEvent.StudyInstanceUid].Add(transferEvent.SopInstanceUid);
                return true;
            case TransferEventKind.StudyComplete:
                _complete.Add(transferEvent.StudyInstanceUid);
                return _instances.ContainsKey(transferEvent.StudyInstanceUid);
            default:
                return true;
        }
    }

    /// <summary>The study's instances that became available since last asked; they are no longer ready.</summary>
    public List<string> TakeReady(string studyInstanceUid)
    {
        if (!_ready.TryGetValue(studyInstanceUid, out var ready) || ready.Count == 0)
            return [];
        var result = ready.ToList();
        ready.Clear();
        return result;
    }

    public bool IsComplete(string studyInstanceUid) => _complete.Contains(studyInstanceUid);
}
