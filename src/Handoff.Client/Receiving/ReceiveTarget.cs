namespace Handoff.Client;

/// <summary>One instance of a transfer being received: where it goes, what it must hash to, and its progress.</summary>
internal sealed class ReceiveTarget
{
    private int _queued;

    public ReceiveTarget(string studyInstanceUid, string seriesInstanceUid, string sopInstanceUid, InstanceAssembly assembly)
    {
        StudyInstanceUid = studyInstanceUid;
        SeriesInstanceUid = seriesInstanceUid;
        SopInstanceUid = sopInstanceUid;
        Assembly = assembly;
    }

    public string StudyInstanceUid { get; }

    public string SeriesInstanceUid { get; }

    public string SopInstanceUid { get; }

    public InstanceAssembly Assembly { get; }

    /// <summary>The server has every chunk of it: it can be downloaded.</summary>
    public bool Available { get; set; }

    /// <summary>Chunk indices still to download, from <see cref="InstanceAssembly.Resume"/>.</summary>
    public IReadOnlyList<int> Needed { get; set; } = [];

    public bool IsComplete => Assembly.IsComplete;

    /// <summary>Claims the instance for downloading; false when it was queued before.</summary>
    public bool TryMarkQueued() => Interlocked.Exchange(ref _queued, 1) == 0;

    /// <summary>Puts the instance back for another attempt (its chunks were not all received).</summary>
    public void ClearQueued() => Volatile.Write(ref _queued, 0);
}
