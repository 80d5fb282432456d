namespace Handoff.Cli.Transfers;

/// <summary>
/// Groups instances by StudyInstanceUID and catches the same SOPInstanceUID found twice in one study: an identical
/// copy (the same file exported twice) is skipped, while two different files claiming one UID stop the send, because
/// the server would reject the second and only a person can tell which one is right. The same SOPInstanceUID in two
/// different studies (after a merge or re-import) is two instances, and both are sent.
/// </summary>
internal sealed class StudyGroups
{
    private readonly Dictionary<string, List<InspectedInstance>> _studies = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Study, string Sop), InspectedInstance> _byInstance = [];

    public enum Outcome
    {
        Added,
        Duplicate,
        Conflict,
    }

    public int StudyCount => _studies.Count;

    public int InstanceCount => _byInstance.Count;

    public Outcome Add(InspectedInstance instance, out SkippedInput? problem)
    {
        var key = (instance.StudyInstanceUid, instance.SopInstanceUid);
        if (_byInstance.TryGetValue(key, out var existing))
        {
            var same = existing.Hashes.ContentHash.AsSpan().SequenceEqual(instance.Hashes.ContentHash);
            problem = same
                ? new SkippedInput(instance.Source.Name, $"same instance as {existing.Source.Name}")
                : new SkippedInput(instance.Source.Name, $"SOPInstanceUID {instance.SopInstanceUid} is also used by {existing.Source.Name} with different content");
            return same ? Outcome.Duplicate : Outcome.Conflict;
        }
        _byInstance.Add(key, instance);
        if (!_studies.TryGetValue(instance.StudyInstanceUid, out var list))
        {
            list = [];
            _studies.Add(instance.StudyInstanceUid, list);
        }
        list.Add(instance);
        problem = null;
        return Outcome.Added;
    }

    public bool Contains(string studyInstanceUid) => _studies.ContainsKey(studyInstanceUid);

    public IReadOnlyList<InspectedInstance> Instances(string studyInstanceUid) => _studies[studyInstanceUid];

    public IEnumerable<string> StudyUids => _studies.Keys;

    public IReadOnlyList<ScannedStudy> ToStudies()
    {
        var studies = new List<ScannedStudy>(_studies.Count);
        foreach (var (uid, instances) in _studies)
        {
            var sorted = new List<InspectedInstance>(instances);
            sorted.Sort(static (a, b) => string.CompareOrdinal(a.Source.Name, b.Source.Name));
            studies.Add(new ScannedStudy(uid, sorted));
        }
        studies.Sort(static (a, b) => string.CompareOrdinal(a.StudyInstanceUid, b.StudyInstanceUid));
        return studies;
    }
}
