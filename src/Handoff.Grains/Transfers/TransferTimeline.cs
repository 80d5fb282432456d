using Handoff.Contracts.Transfers;

namespace Handoff.Grains.Transfers;

/// <summary>
/// A transfer's timeline: appends events numbered 1, 2, 3, … without gaps into the stored list, keeps watchers to
/// what storage holds (an appended event is visible only once <see cref="MarkDurable"/> says it was written), wakes
/// them, and remembers which events still have to be mirrored to the destination's inbox.
/// </summary>
/// <remarks>
/// Watchers read while other grain calls append (<see cref="ITransferGrain.WaitForEvents"/> interleaves), so every
/// read goes back to the list rather than trusting what it saw before.
/// </remarks>
internal sealed class TransferTimeline
{
    private readonly Guid _transferId;
    private readonly List<TransferEventRecord> _events;
    private readonly EventSignal _signal = new();
    private readonly List<TransferEventRecord> _unmirrored = [];
    private long _durableSequence;

    /// <param name="transferId">The transfer every event names.</param>
    /// <param name="events">The stored timeline; everything in it is durable.</param>
    public TransferTimeline(Guid transferId, List<TransferEventRecord> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        _transferId = transferId;
        _events = events;
        _durableSequence = EventLog.LastSequence(events);
        RemoteAvailableSinceStudyAdded = LastOf(events, TransferEventKind.RemoteAvailable, TransferEventKind.StudyAdded) == TransferEventKind.RemoteAvailable;
    }

    /// <summary>
    /// Whether the peer reported every image available after the last study was added: kept up by <see cref="Append"/>
    /// so the arrival watch need not walk a timeline of one event per instance on every report.
    /// </summary>
    public bool RemoteAvailableSinceStudyAdded { get; private set; }

    private static TransferEventKind? LastOf(List<TransferEventRecord> events, TransferEventKind first, TransferEventKind second)
    {
        for (var i = events.Count - 1; i >= 0; i--)
        {
            if (events[i].Kind == first || events[i].Kind == second)
                return events[i].Kind;
        }
        return null;
    }

    /// <summary>Whether any event of this kind happened (the first instance available is timed once).</summary>
    public bool Has(TransferEventKind kind) => _events.Exists(e => e.Kind == kind);

    public int Count => _events.Count;

    /// <summary>Adds an event carrying <paramref name="status"/>; watchers see it after <see cref="MarkDurable"/>.</summary>
    public TransferEventRecord Append(TransferEventKind kind, TransferStatus status, string? actor, string studyInstanceUid = "",
        string sopInstanceUid = "", string detail = "", DateTimeOffset? at = null)
    {
        var transferEvent = new TransferEventRecord(
            EventLog.LastSequence(_events) + 1, _transferId, kind, at ?? DateTimeOffset.UtcNow, actor ?? "",
            studyInstanceUid, sopInstanceUid, status, detail);
        _events.Add(transferEvent);
        _unmirrored.Add(transferEvent);
        if (kind == TransferEventKind.RemoteAvailable)
            RemoteAvailableSinceStudyAdded = true;
        else if (kind == TransferEventKind.StudyAdded)
            RemoteAvailableSinceStudyAdded = false;
        return transferEvent;
    }

    /// <summary>Everything appended is now in storage: watchers may see it, and are woken.</summary>
    public void MarkDurable()
    {
        _durableSequence = EventLog.LastSequence(_events);
        _signal.Pulse();
    }

    /// <summary>Durable events after <paramref name="afterSequence"/>, waiting up to <paramref name="timeout"/> for one.</summary>
    public Task<IReadOnlyList<TransferEventRecord>> WaitForEventsAsync(long afterSequence, TimeSpan timeout) =>
        _signal.WaitForAsync(() => EventLog.After(_events, afterSequence, _durableSequence), timeout);

    /// <summary>The events appended since the last call, oldest first, for the destination's inbox.</summary>
    public TransferEventRecord[] TakeUnmirrored()
    {
        var events = _unmirrored.ToArray();
        _unmirrored.Clear();
        return events;
    }

    /// <summary>A snapshot of every event (durable or not): records are immutable to Orleans and must not share the list.</summary>
    public TransferEventRecord[] ToArray() => _events.ToArray();

    /// <summary>What the relay to a peer network reports (<see cref="ITransferGrain.RecordRelay"/>).</summary>
    public static readonly IReadOnlyList<TransferEventKind> RelayKinds =
        [TransferEventKind.Relayed, TransferEventKind.RelayWaiting, TransferEventKind.RemoteAvailable];

    /// <summary>
    /// Whether a relay event adds something: a waiting reason is worth recording each time it changes (not when it
    /// repeats the latest relay event), the other relay events once.
    /// </summary>
    public bool IsNewRelayEvent(TransferEventKind kind, string detail)
    {
        if (LastRelayEvent() is { } last && last.Kind == kind && last.Detail == detail)
            return false;
        return kind == TransferEventKind.RelayWaiting || !_events.Exists(e => e.Kind == kind);
    }

    /// <summary>
    /// Whether a delivery-waiting reason adds something: not when it repeats the latest one, so a gateway that retries
    /// every minute against a PACS that stays down records the outage once, and each change of reason.
    /// </summary>
    public bool IsNewDeliveryWaiting(string detail)
    {
        var last = _events.FindLast(e => e.Kind == TransferEventKind.DeliveryWaiting);
        return last is null || last.Detail != detail;
    }

    private TransferEventRecord? LastRelayEvent()
    {
        for (var i = _events.Count - 1; i >= 0; i--)
        {
            if (RelayKinds.Contains(_events[i].Kind))
                return _events[i];
        }

        return null;
    }
}
