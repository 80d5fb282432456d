using Handoff.Contracts.Transfers;

namespace Handoff.Server.Scheduling;

/// <summary>
/// One stream's way into the <see cref="ChunkScheduler"/>: the scheduler and the priority its work runs at, one class
/// up while <see cref="Boost"/> says a transfer carrying its study is behind the patient's arrival.
/// </summary>
public sealed record ChunkTurns(ChunkScheduler Scheduler, TransferPriority Priority)
{
    public ArrivalBoost? Boost { get; init; }

    public ValueTask<ChunkScheduler.Slot> EnterAsync(CancellationToken cancellationToken) =>
        Scheduler.EnterAsync(ArrivalPriority.Effective(Priority, Boost?.Behind == true), cancellationToken);
}
