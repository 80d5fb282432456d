namespace Handoff.Gateway.Delivery;

/// <summary>
/// The instances of one transfer the PACS already answered success for, one SOP Instance UID per line, so a restart
/// or a retry stores only the rest. Not fsynced: a lost line only means storing that instance again, which a PACS
/// accepts (the same SOP Instance UID with the same data set).
/// </summary>
internal sealed class DeliveryJournal
{
    private readonly string _path;
    private readonly HashSet<string> _stored;

    public DeliveryJournal(string path)
    {
        _path = path;
        _stored = File.Exists(path) ? new HashSet<string>(File.ReadAllLines(path).Where(l => l.Length > 0), StringComparer.Ordinal) : new(StringComparer.Ordinal);
    }

    public int Count => _stored.Count;

    public bool Contains(string sopInstanceUid) => _stored.Contains(sopInstanceUid);

    public void Add(string sopInstanceUid)
    {
        if (_stored.Add(sopInstanceUid))
            File.AppendAllText(_path, sopInstanceUid + "\n");
    }
}
