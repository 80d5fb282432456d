using Handoff.Contracts.Transfers;

namespace Handoff.Server.TransferApi;

/// <summary>
/// The order of an inbox or outbox, most urgent first: transfers still under way before ended ones (a finished STAT
/// from last week is not what the transfer centre needs to see first), then STAT, urgent, routine, then newest first;
/// the id breaks ties, so every transfer has one place and pages never overlap.
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
        return Compare(TransferListPosition.Of(x), TransferListPosition.Of(y));
    }

    public static int Compare(TransferListPosition x, TransferListPosition y)
    {
        var byActivity = x.Ended.CompareTo(y.Ended);
        if (byActivity != 0)
            return byActivity;
        var byPriority = y.Priority.CompareTo(x.Priority);
        if (byPriority != 0)
            return byPriority;
        var byAge = y.CreatedAt.CompareTo(x.CreatedAt);
        return byAge != 0 ? byAge : x.Id.CompareTo(y.Id);
    }
}

/// <summary>Where a transfer sorts in a mailbox listing (the key a page token carries).</summary>
public readonly record struct TransferListPosition(bool Ended, TransferPriority Priority, DateTimeOffset CreatedAt, Guid Id)
{
    public static TransferListPosition Of(TransferRecord transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        return new TransferListPosition(TransferStates.IsFinal(transfer.State), transfer.Priority, transfer.CreatedAt, transfer.Id);
    }
}
