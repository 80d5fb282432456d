using Handoff.Contracts.Transfers;

namespace Handoff.Contracts.Facilities;

/// <summary>
/// A care site, keyed by its slug id. Holds its display name, issuer, API key hash (salted; the key itself is
/// never stored), inbox and outbox, and the inbox's event log that inbox watchers follow.
/// </summary>
public interface IFacilityGrain : IGrainWithStringKey
{
    /// <summary>Registers the facility and issues its first API key. ALREADY_EXISTS when registered before.</summary>
    Task<IssuedKey> Register(FacilityRegistration registration);

    /// <summary>Null when no facility has this id.</summary>
    [ReadOnly]
    Task<FacilityInfo?> GetInfo();

    /// <summary>Issues a new key; the old one stops working.</summary>
    Task<string> RotateKey();

    Task<FacilityInfo> Disable();

    /// <summary>True when the key is this facility's current key and the facility is enabled.</summary>
    [ReadOnly]
    Task<bool> VerifyKey(string apiKey);

    Task AddTransfer(Mailbox mailbox, Guid transferId);

    [ReadOnly]
    Task<IReadOnlyList<Guid>> ListTransfers(Mailbox mailbox);

    /// <summary>
    /// One page of the inbox, the outbox, or both (<see cref="MailboxQuery.Mailbox"/> null), from an index of every
    /// transfer's list position kept in memory: built from the transfers on first use, then kept current by
    /// <see cref="OnTransferChanged"/>. Interleaves, so building the index never waits on a transfer that waits on this grain.
    /// </summary>
    [AlwaysInterleave]
    Task<MailboxPage> ListPage(MailboxQuery query);

    /// <summary>
    /// A transfer of this facility changed (state, progress, anything a list shows) at <paramref name="updatedAt"/>:
    /// one-way, nobody waits; a report older than the one the index holds is ignored (one-way calls may overtake).
    /// </summary>
    [OneWay, AlwaysInterleave]
    Task OnTransferChanged(TransferListPosition position, TransferStatus state, DateTimeOffset updatedAt);

    /// <summary>
    /// The mailboxes' change version once it differs from <paramref name="version"/>, or after <paramref name="timeout"/>
    /// (then unchanged): a page that shows the mailbox waits here, and lists again only when something changed.
    /// </summary>
    [ReadOnly, AlwaysInterleave]
    Task<long> WaitForMailboxChange(long version, TimeSpan timeout);

    /// <summary>
    /// The inbox log's last durable sequence: read before listing the inbox, a watch after it misses nothing the
    /// listing did not show.
    /// </summary>
    [ReadOnly]
    Task<long> GetInboxSequence();

    /// <summary>Appends an event of a transfer addressed to this facility to the inbox log (its sequence is reassigned).</summary>
    Task AppendInboxEvent(TransferEventRecord transferEvent);

    /// <summary>
    /// Appends several events in one call and one state write: a transfer mirrors a whole batch of progress (often
    /// hundreds of instance events) at once, where one call per event would write the inbox log hundreds of times.
    /// </summary>
    Task AppendInboxEvents(IReadOnlyList<TransferEventRecord> transferEvents);

    /// <summary>
    /// Inbox events after <paramref name="afterSequence"/>; waits up to <paramref name="timeout"/> for one when there
    /// is none yet. Interleaves with other calls: it only reads, and re-checks the log after every wake-up.
    /// </summary>
    [ReadOnly, AlwaysInterleave]
    Task<IReadOnlyList<TransferEventRecord>> WaitForInboxEvents(long afterSequence, TimeSpan timeout);
}
