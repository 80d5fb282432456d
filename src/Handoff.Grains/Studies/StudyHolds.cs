namespace Handoff.Grains.Studies;

/// <summary>
/// Which transfers keep a study and for how long. Attaching takes a hold (ending, if never released, a retention
/// period later) and makes the transfer a listener told of progress; detaching (an acknowledged transfer) stops the
/// telling but keeps the hold; releasing (expiry, cancellation) ends both. The last release clears the study.
/// </summary>
/// <remarks>
/// A study nothing will release is cleared by a backstop: one no transfer ever held (an upload whose transfer was
/// never created) once the retention period has passed since its last change, and one whose holds all ended
/// <see cref="HoldGrace"/> ago (a transfer whose creation failed after attaching, or a release lost to an outage).
/// </remarks>
internal sealed class StudyHolds
{
    /// <summary>How long past a hold's end the study waits for the transfer's own release, which retries hourly.</summary>
    public static readonly TimeSpan HoldGrace = TimeSpan.FromDays(1);

    /// <summary>Reminders fire a little early or late; retention this close to its end counts as ended.</summary>
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(1);

    private readonly List<Guid> _listeners;
    private readonly Dictionary<Guid, DateTimeOffset> _holds;

    /// <param name="state">The stored study: its listening transfers and its holds, changed in place.</param>
    public StudyHolds(StudyGrainState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _listeners = state.Transfers;
        _holds = state.Holds;
    }

    /// <summary>The transfers told of this study's progress.</summary>
    public IReadOnlyList<Guid> Listeners => _listeners;

    public int Count => _holds.Count;

    /// <summary>
    /// The transfer listens and holds the study until <paramref name="holdEnds"/>; a retried attach keeps the first
    /// hold's end, as the transfer keeps the expiry it was created with. True when anything changed.
    /// </summary>
    public bool Attach(Guid transferId, DateTimeOffset holdEnds)
    {
        var listening = !_listeners.Contains(transferId);
        if (listening)
            _listeners.Add(transferId);
        var holding = _holds.TryAdd(transferId, holdEnds);
        return listening || holding;
    }

    /// <summary>The transfer stops listening but keeps its hold; true when it was listening.</summary>
    public bool Detach(Guid transferId) => _listeners.Remove(transferId);

    /// <summary>The transfer neither listens nor holds any more.</summary>
    public HoldRelease Release(Guid transferId)
    {
        var listened = _listeners.Remove(transferId);
        var held = _holds.Remove(transferId);
        if (!listened && !held)
            return HoldRelease.NotHeld;

        // Listeners are a subset of holders, except in a study stored before holds existed: then wait for them all.
        return _holds.Count == 0 && _listeners.Count == 0 ? HoldRelease.LastReleased : HoldRelease.StillHeld;
    }

    /// <summary>
    /// Until when the study is kept without a release: the last hold's end plus <see cref="HoldGrace"/>; with no
    /// holds, <paramref name="retention"/> after <paramref name="updatedAt"/>, its last change.
    /// </summary>
    public DateTimeOffset RetainedUntil(DateTimeOffset updatedAt, TimeSpan retention)
    {
        if (_holds.Count == 0)
            return updatedAt + retention;
        var last = DateTimeOffset.MinValue;
        foreach (var end in _holds.Values)
        {
            if (end > last)
                last = end;
        }

        return last + HoldGrace;
    }

    /// <summary>Whether <paramref name="now"/> is (within a second) past <paramref name="retainedUntil"/>.</summary>
    public static bool HasEnded(DateTimeOffset retainedUntil, DateTimeOffset now) => now >= retainedUntil - Tolerance;
}
