namespace Handoff.Client;

/// <summary>
/// Groups instances by StudyInstanceUID and catches the same SOPInstanceUID offered twice in one study: an identical
/// copy (the same file exported twice) is skipped, while two different instances claiming one UID stop the send,
/// because the server would reject the second and only a person can tell which one is right. The same SOPInstanceUID
/// in two different studies (after a merge or re-import) is two instances, and both are sent.
/// </summary>
internal sealed class StudyGroups
{
    private readonly Dictionary<string, List<SourceInstance>> _studies = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Study, string Sop), SourceInstance> _byInstance = [];

    public int StudyCount => _studies.Count;

    public int InstanceCount => _byInstance.Count;

    public IEnumerable<string> StudyUids => _studies.Keys;

    /// <summary>
    /// Adds an instance; returns the reason it was skipped when it is an identical copy of one added before, null when
    /// it was added. Throws <see cref="InstanceConflictException"/> for a different instance under a UID already used.
    /// </summary>
    public SkippedInstance? Add(SourceInstance instance)
    {
        var key = (instance.StudyInstanceUid, instance.SopInstanceUid);
        if (_byInstance.TryGetValue(key, out var existing))
        {
            if (!existing.Hashes.ContentHash.AsSpan().SequenceEqual(instance.Hashes.ContentHash))
                throw new InstanceConflictException(instance.Name, instance.SopInstanceUid, existing.Name);
            return new SkippedInstance(instance.Name, $"same instance as {existing.Name}");
        }
        _byInstance.Add(key, instance);
        if (!_studies.TryGetValue(instance.StudyInstanceUid, out var list))
        {
            list = [];
            _studies.Add(instance.StudyInstanceUid, list);
        }
        list.Add(instance);
        return null;
    }

    public IReadOnlyList<SourceInstance> Instances(string studyInstanceUid) => _studies[studyInstanceUid];
}
