namespace Handoff.Cli.Index;

/// <summary>
/// What the index knows about one study while files are still being read. Each worker thread fills its own
/// accumulators and they are merged once at the end, so the per-file path takes no lock.
/// </summary>
internal sealed class StudyAccumulator
{
    private readonly HashSet<string> _modalities = new(StringComparer.Ordinal);
    private readonly HashSet<string> _series = new(StringComparer.Ordinal);
    private readonly HashSet<string> _instances = new(StringComparer.Ordinal);
    private string _patientName = string.Empty;
    private string _studyDate = string.Empty;
    private int _files;
    private long _bytes;

    public StudyAccumulator(string studyInstanceUid) => StudyInstanceUid = studyInstanceUid;

    public string StudyInstanceUid { get; }

    public void Add(IndexedInstance instance)
    {
        if (_patientName.Length == 0)
            _patientName = instance.PatientName;
        if (_studyDate.Length == 0)
            _studyDate = instance.StudyDate;
        if (instance.Modality.Length > 0)
            _modalities.Add(instance.Modality);
        if (instance.SeriesInstanceUid.Length > 0)
            _series.Add(instance.SeriesInstanceUid);
        _instances.Add(instance.SopInstanceUid.Length > 0 ? instance.SopInstanceUid : "file:" + instance.Path);
        _files++;
        _bytes += instance.Bytes;
    }

    public void Merge(StudyAccumulator other)
    {
        if (_patientName.Length == 0)
            _patientName = other._patientName;
        if (_studyDate.Length == 0)
            _studyDate = other._studyDate;
        _modalities.UnionWith(other._modalities);
        _series.UnionWith(other._series);
        _instances.UnionWith(other._instances);
        _files += other._files;
        _bytes += other._bytes;
    }

    public StudySummary ToSummary()
    {
        var modalities = new List<string>(_modalities);
        modalities.Sort(StringComparer.Ordinal);
        return new StudySummary(StudyInstanceUid, _patientName, _studyDate, modalities, _series.Count, _instances.Count, _files, _bytes);
    }
}
