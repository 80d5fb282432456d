using Handoff.Contracts.Transfers;

namespace Handoff.Server.TransferApi;

/// <summary>The order of an inbox or outbox (<see cref="TransferListPosition"/>) over transfer records.</summary>
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
        return TransferListPosition.Of(x).CompareTo(TransferListPosition.Of(y));
    }
}
