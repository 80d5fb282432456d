using Handoff.Contracts.Errors;
using Handoff.Contracts.Federation;
using Microsoft.Extensions.Logging;

namespace Handoff.Grains.Federation;

/// <summary>
/// Owns the relay of one transfer to a peer network (key: the transfer id). While unfinished it stays active (a
/// timer keeps it so and re-checks that the runner is alive) and its runner on this silo moves the bytes. If the
/// silo dies, the relay directory still lists it; the supervisor of a surviving silo calls <see cref="Ensure"/>, the
/// grain activates there, and the runner starts again from what the peer already holds (the relay protocol is
/// idempotent, so nothing is sent twice that arrived).
/// </summary>
public sealed partial class RelayGrain : Grain, IRelayGrain
{
    private static readonly TimeSpan KeepRunningInterval = TimeSpan.FromSeconds(5);

    private readonly IPersistentState<RelayGrainState> _state;
    private readonly IRelayRunner _runner;
    private readonly ILogger<RelayGrain> _logger;
    private IGrainTimer? _timer;
    private string? _waiting;

    public RelayGrain(
        [PersistentState(HandoffStorage.StateName, HandoffStorage.ProviderName)] IPersistentState<RelayGrainState> state,
        IRelayRunner runner,
        ILogger<RelayGrain> logger)
    {
        _state = state;
        _runner = runner;
        _logger = logger;
    }

    private Guid TransferId => this.GetPrimaryKey();

    private RelayGrainState State => _state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Peer.Length > 0 && !State.Finished)
            Run();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _runner.Stop(TransferId);
        return Task.CompletedTask;
    }

    public async Task Start(string peer)
    {
        ArgumentException.ThrowIfNullOrEmpty(peer);
        if (State.Peer.Length > 0 && State.Peer != peer)
            throw DomainException.WrongState($"transfer {TransferId} is relayed to {State.Peer}, not {peer}");
        if (State.Peer.Length == 0)
        {
            await GrainFactory.GetGrain<IRelayDirectoryGrain>(0).Add(TransferId);
            State.Peer = peer;
            await _state.WriteStateAsync();
            LogStarted(TransferId, peer);
        }
        if (!State.Finished)
            Run();
    }

    public Task Ensure()
    {
        if (State.Peer.Length > 0 && !State.Finished)
            Run();
        return Task.CompletedTask;
    }

    public Task ReportWaiting(string? reason)
    {
        if (reason is not null && reason != _waiting)
            LogWaiting(TransferId, State.Peer, reason);
        _waiting = reason;
        return Task.CompletedTask;
    }

    public async Task ReportRemoteTransfer(string remoteTransferId)
    {
        if (State.RemoteTransferId == remoteTransferId)
            return;
        State.RemoteTransferId = remoteTransferId;
        await _state.WriteStateAsync();
    }

    public async Task Finish(RelayOutcome outcome)
    {
        if (State.Finished)
            return;
        State.Finished = true;
        State.Outcome = outcome;
        _waiting = null;
        await _state.WriteStateAsync();
        await GrainFactory.GetGrain<IRelayDirectoryGrain>(0).Remove(TransferId);
        _timer?.Dispose();
        _timer = null;
        _runner.Stop(TransferId);
        LogFinished(TransferId, State.Peer, outcome);
        DeactivateOnIdle();
    }

    public Task<RelayStatus> GetStatus() =>
        Task.FromResult(new RelayStatus(State.Peer, State.RemoteTransferId, _waiting, State.Finished, State.Outcome ?? RelayOutcomes.FromText(State.OutcomeText)));

    /// <summary>Starts the runner here and keeps the activation (and so the runner) alive until the relay finishes.</summary>
    private void Run()
    {
        _runner.EnsureRunning(TransferId, State.Peer);
        _timer ??= this.RegisterGrainTimer(static (grain, _) =>
        {
            grain._runner.EnsureRunning(grain.TransferId, grain.State.Peer);
            return Task.CompletedTask;
        }, this, new GrainTimerCreationOptions(KeepRunningInterval, KeepRunningInterval) { KeepAlive = true, Interleave = true });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Relay of transfer {TransferId} to peer {Peer} started")]
    private partial void LogStarted(Guid transferId, string peer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relay of transfer {TransferId} to peer {Peer} waits: {Reason}")]
    private partial void LogWaiting(Guid transferId, string peer, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Relay of transfer {TransferId} to peer {Peer} finished: {Outcome}")]
    private partial void LogFinished(Guid transferId, string peer, RelayOutcome outcome);
}
