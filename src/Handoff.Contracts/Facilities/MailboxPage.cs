using Handoff.Contracts.Transfers;

namespace Handoff.Contracts.Facilities;

/// <summary>What of a mailbox to list: states (all when empty), a minimum priority, the position after which the page starts, its size.</summary>
[GenerateSerializer, Immutable, Alias("handoff.MailboxQuery")]
public sealed record MailboxQuery(
    [property: Id(0)] Mailbox? Mailbox,
    [property: Id(1)] IReadOnlySet<TransferStatus> States,
    [property: Id(2)] TransferPriority MinimumPriority,
    [property: Id(3)] TransferListPosition? After,
    [property: Id(4)] int Limit);

/// <summary>
/// One page of a mailbox: the transfers' ids in listing order, whether more follow, the position of the page's last
/// transfer as the index sorted it (the next page starts after it), and the mailboxes' change version when it was read
/// (<see cref="IFacilityGrain.WaitForMailboxChange"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("handoff.MailboxPage")]
public sealed record MailboxPage(
    [property: Id(0)] IReadOnlyList<Guid> TransferIds,
    [property: Id(1)] bool More,
    [property: Id(2)] TransferListPosition? Last,
    [property: Id(3)] long Version);
