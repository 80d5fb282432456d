using Handoff.Contracts.Transfers;

namespace Handoff.Server.Scheduling;

/// <summary>One stream's way into the <see cref="ChunkScheduler"/>: the scheduler and the priority its work runs at.</summary>
public sealed record ChunkTurns(ChunkScheduler Scheduler, TransferPriority Priority)
{
    public ValueTask<ChunkScheduler.Slot> EnterAsync(CancellationToken cancellationToken) => Scheduler.EnterAsync(Priority, cancellationToken);
}
