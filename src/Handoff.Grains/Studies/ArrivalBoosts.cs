namespace Handoff.Grains.Studies;

/// <summary>
/// The transfers behind their patient's arrival that boost a study's chunks, each with when it last said so. Kept in
/// memory only: a transfer renews its boost on every arrival check while behind, so one whose stop was lost (or whose
/// grain went away) lapses by itself instead of boosting the study for good, and one lost with a restart comes back
/// with the next check.
/// </summary>
internal sealed class ArrivalBoosts
{
    private readonly Dictionary<Guid, DateTimeOffset> _renewedAt = [];

    public void Set(Guid transferId, bool behind, DateTimeOffset now)
    {
        if (behind)
            _renewedAt[transferId] = now;
        else
            _renewedAt.Remove(transferId);
    }

    /// <summary>Whether a boost renewed within <paramref name="lifetime"/> of <paramref name="now"/> holds; lapsed ones are dropped.</summary>
    public bool Any(DateTimeOffset now, TimeSpan lifetime)
    {
        List<Guid>? lapsed = null;
        foreach (var (transferId, renewedAt) in _renewedAt)
        {
            if (now - renewedAt > lifetime)
                (lapsed ??= []).Add(transferId);
        }
        lapsed?.ForEach(transferId => _renewedAt.Remove(transferId));
        return _renewedAt.Count > 0;
    }
}
