using Handoff.Contracts.Errors;
using Handoff.Contracts.Facilities;
using Handoff.Contracts.Transfers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Handoff.Grains.Transfers;

/// <summary>
/// Moving studies from a source facility to a destination (key: the transfer id). This file holds the timeline and
/// its watchers; creation is in TransferGrain.Create.cs, study progress in TransferGrain.Progress.cs, cancel,
/// download and expiry in TransferGrain.Lifecycle.cs, acknowledgement in TransferGrain.Acknowledge.cs.
/// </summary>
public sealed partial class TransferGrain : Grain, ITransferGrain, IRemindable
{
    /// <summary>The actor of events nobody asked for, such as expiry.</summary>
    internal const string SystemActor = "system";

    private readonly IPersistentState<TransferGrainState> _state;
    private readonly TransferRetentionOptions _options;
    private readonly ILogger<TransferGrain> _logger;
    private readonly EventSignal _signal = new();
    private readonly List<TransferEventRecord> _unmirrored = [];
    private long _durableSequence;

    public TransferGrain(
        [PersistentState(HandoffStorage.StateName, HandoffStorage.ProviderName)] IPersistentState<TransferGrainState> state,
        IOptions<TransferRetentionOptions> options,
        ILogger<TransferGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _state = state;
        _options = options.Value;
        _logger = logger;
    }

    private TransferGrainState State => _state.State;

    private Guid TransferId => this.GetPrimaryKey();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _durableSequence = EventLog.LastSequence(State.Timeline);
        return Task.CompletedTask;
    }

    public Task<TransferRecord?> Get() => Task.FromResult(State.Created ? Record() : null);

    public Task<IReadOnlyList<TransferEventRecord>> WaitForEvents(long afterSequence, TimeSpan timeout) =>
        _signal.WaitForAsync(() => EventLog.After(State.Timeline, afterSequence, _durableSequence), timeout);

    /// <summary>A snapshot: the record is immutable to Orleans, so it must not share the grain's mutable lists.</summary>
    private TransferRecord Record() => new(
        TransferId, State.SourceFacilityId, State.DestinationFacilityId, State.Priority, State.Reason, State.ExpectedArrival,
        State.Status, State.CreatedAt, State.UpdatedAt, State.ExpiresAt, State.Studies.ToArray(), State.Timeline.ToArray(),
        State.Acknowledgement);

    private void RequireCreated()
    {
        if (!State.Created)
            throw DomainException.NotFound($"transfer {TransferId} not found");
    }

    /// <summary>Adds an event carrying the transfer's current status; <see cref="CommitAsync"/> makes it visible.</summary>
    private void Append(TransferEventKind kind, string actor, string studyInstanceUid = "", string sopInstanceUid = "", string detail = "")
    {
        var transferEvent = new TransferEventRecord(
            EventLog.LastSequence(State.Timeline) + 1, TransferId, kind, DateTimeOffset.UtcNow, actor ?? "",
            studyInstanceUid, sopInstanceUid, State.Status, detail);
        State.Timeline.Add(transferEvent);
        _unmirrored.Add(transferEvent);
    }

    /// <summary>
    /// Writes the state, then wakes watchers, then mirrors the new events to the destination's inbox log. Watchers
    /// see only stored events; the mirror comes last because the timeline, not the inbox, is the record.
    /// </summary>
    private async Task CommitAsync()
    {
        State.UpdatedAt = DateTimeOffset.UtcNow;
        try
        {
            await _state.WriteStateAsync();
        }
        catch
        {
            // Memory now holds changes storage does not: drop the activation so the next call reloads what is stored.
            this.DeactivateOnIdle();
            throw;
        }

        _durableSequence = EventLog.LastSequence(State.Timeline);
        _signal.Pulse();
        if (_unmirrored.Count == 0)
            return;
        if (IsRemote(State.DestinationFacilityId))
        {
            // The destination's inbox is in its own network; the relay tells that cluster, not a grain here.
            _unmirrored.Clear();
            return;
        }
        var events = _unmirrored.ToArray();
        _unmirrored.Clear();
        try
        {
            await GrainFactory.GetGrain<IFacilityGrain>(State.DestinationFacilityId).AppendInboxEvents(events);
        }
        catch (Exception exception)
        {
            // The transfer's own timeline has the events; an inbox watcher missing some is not worth failing the command.
            LogMirrorFailed(exception, TransferId, State.DestinationFacilityId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer {TransferId}: mirroring events to the inbox of {FacilityId} failed")]
    private partial void LogMirrorFailed(Exception exception, Guid transferId, string facilityId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Transfer {TransferId} is now {State}")]
    private partial void LogState(Guid transferId, TransferStatus state);
}
