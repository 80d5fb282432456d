namespace Handoff.Contracts.Transfers;

/// <summary>
/// Where a transfer sorts in a mailbox listing, most urgent first: transfers still under way before ended ones (a
/// finished STAT from last week is not what the transfer centre needs to see first), then STAT, urgent, routine, then
/// newest first; the id breaks ties, so every transfer has one place and pages never overlap. The key a page token
/// carries, and what a facility's mailbox index keeps per transfer.
/// </summary>
[GenerateSerializer, Immutable, Alias("handoff.TransferListPosition")]
public readonly record struct TransferListPosition(
    [property: Id(0)] bool Ended,
    [property: Id(1)] TransferPriority Priority,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] Guid Id) : IComparable<TransferListPosition>
{
    public static TransferListPosition Of(TransferRecord transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        return new TransferListPosition(TransferStates.IsFinal(transfer.State), transfer.Priority, transfer.CreatedAt, transfer.Id);
    }

    public int CompareTo(TransferListPosition other)
    {
        var byActivity = Ended.CompareTo(other.Ended);
        if (byActivity != 0)
            return byActivity;
        var byPriority = other.Priority.CompareTo(Priority);
        if (byPriority != 0)
            return byPriority;
        var byAge = other.CreatedAt.CompareTo(CreatedAt);
        return byAge != 0 ? byAge : Id.CompareTo(other.Id);
    }

    public static bool operator <(TransferListPosition left, TransferListPosition right) => left.CompareTo(right) < 0;

    public static bool operator >(TransferListPosition left, TransferListPosition right) => left.CompareTo(right) > 0;

    public static bool operator <=(TransferListPosition left, TransferListPosition right) => left.CompareTo(right) <= 0;

    public static bool operator >=(TransferListPosition left, TransferListPosition right) => left.CompareTo(right) >= 0;
}
