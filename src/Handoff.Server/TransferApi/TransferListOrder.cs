using Handoff.Contracts.Transfers;

namespace Handoff.Server.TransferApi;

/// <summary>
/// The order of an inbox or outbox, most urgent first: transfers still under way before ended ones (a finished STAT
/// from last week is not what the transfer centre needs to see first), then STAT, urgent, routine, then newest first.
/// </summary>
public sealed class TransferListOrder : IComparer<TransferRecord>
{
    public static readonly TransferListOrder Instance = new();

    public int Compare(TransferRecord? x, TransferRecord? y)
    {
        if (ReferenceEquals(x, y))
            return 0;
        if (x is null)
            return 1;
        if (y is null)
            return -1;
        var byActivity = TransferStates.IsFinal(x.State).CompareTo(TransferStates.IsFinal(y.State));
        if (byActivity != 0)
            return byActivity;
        var byPriority = y.Priority.CompareTo(x.Priority);
        return byPriority != 0 ? byPriority : y.CreatedAt.CompareTo(x.CreatedAt);
    }
}
