using Handoff.Contracts.Transfers;
using Handoff.Server.TransferApi;

namespace Handoff.Server.Tests;

/// <summary>An inbox lists the transfers still under way first, most urgent first, and among equals the newest first.</summary>
public sealed class TransferListOrderTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    private static TransferRecord Transfer(string reason, TransferPriority priority, TransferStatus state, int hoursAfterMonday) =>
        new(Guid.NewGuid(), "st-a", "st-b", priority, reason, null, state, Monday.AddHours(hoursAfterMonday), Monday, Monday.AddDays(7), [], [], null);

    [Fact]
    public void Sort_MixedTransfers_OpenBeforeEndedThenStatUrgentRoutineThenNewest()
    {
        List<TransferRecord> transfers =
        [
            Transfer("old routine", TransferPriority.Routine, TransferStatus.Receiving, 1),
            Transfer("ended stat", TransferPriority.Stat, TransferStatus.Acknowledged, 9),
            Transfer("new routine", TransferPriority.Routine, TransferStatus.Available, 5),
            Transfer("old stat", TransferPriority.Stat, TransferStatus.Receiving, 2),
            Transfer("urgent", TransferPriority.Urgent, TransferStatus.Receiving, 8),
            Transfer("ended routine", TransferPriority.Routine, TransferStatus.Cancelled, 10),
            Transfer("new stat", TransferPriority.Stat, TransferStatus.Available, 3),
        ];

        transfers.Sort(TransferListOrder.Instance);

        Assert.Equal(["new stat", "old stat", "urgent", "new routine", "old routine", "ended stat", "ended routine"], transfers.Select(t => t.Reason));
    }
}
