using Handoff.Contracts.Transfers;

namespace Handoff.Grains.Transfers;

/// <summary>
/// The studies a transfer carries, each with the latest totals its study reported, in the order they were added:
/// which requested studies are new, what a progress report changed, and whether every study is complete.
/// </summary>
internal sealed class TransferStudies
{
    private readonly List<TransferStudyRecord> _studies;

    /// <param name="studies">The stored list, changed in place.</param>
    public TransferStudies(List<TransferStudyRecord> studies)
    {
        ArgumentNullException.ThrowIfNull(studies);
        _studies = studies;
    }

    public int Count => _studies.Count;

    public bool AllComplete => _studies.TrueForAll(s => s.Complete);

    public TransferStudyRecord this[int index] => _studies[index];

    /// <summary>The study UIDs, in order.</summary>
    public string[] Uids()
    {
        var uids = new string[_studies.Count];
        for (var i = 0; i < uids.Length; i++)
            uids[i] = _studies[i].StudyInstanceUid;
        return uids;
    }

    /// <summary>Those of <paramref name="studyInstanceUids"/> this transfer does not carry yet, in the order given.</summary>
    public List<string> NotCarried(List<string> studyInstanceUids)
    {
        ArgumentNullException.ThrowIfNull(studyInstanceUids);
        return studyInstanceUids.FindAll(uid => !_studies.Exists(s => s.StudyInstanceUid == uid));
    }

    public void AddRange(IEnumerable<TransferStudyRecord> studies) => _studies.AddRange(studies);

    /// <summary>
    /// Takes a study's new totals (keeping the UID as this transfer spells it); returns the totals before and after,
    /// or null for a study this transfer does not carry.
    /// </summary>
    public (TransferStudyRecord Before, TransferStudyRecord After)? Update(string studyInstanceUid, TransferStudyRecord totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        var index = _studies.FindIndex(s => s.StudyInstanceUid == studyInstanceUid);
        if (index < 0)
            return null;
        var before = _studies[index];
        var after = totals with { StudyInstanceUid = before.StudyInstanceUid };
        _studies[index] = after;
        return (before, after);
    }

    /// <summary>A snapshot: records are immutable to Orleans and must not share the stored list.</summary>
    public TransferStudyRecord[] ToArray() => _studies.ToArray();
}
