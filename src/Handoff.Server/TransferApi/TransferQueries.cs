using Handoff.Contracts.Facilities;
using Handoff.Contracts.Transfers;
using Handoff.Server.Mapping;
using V1 = Handoff.Protos.V1;

namespace Handoff.Server.TransferApi;

/// <summary>A facility's inbox and outbox with the request's filters, in <see cref="TransferListOrder"/>, one page at a time.</summary>
public sealed class TransferQueries
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    private readonly IGrainFactory _grains;

    public TransferQueries(IGrainFactory grains)
    {
        _grains = grains;
    }

    /// <summary>
    /// One page of the mailbox, whether more follow, the position the next page starts after, the inbox sequence read
    /// before listing, and the mailboxes' change version.
    /// </summary>
    public sealed record Page(IReadOnlyList<TransferRecord> Transfers, bool More, TransferListPosition? Last, long InboxSequence, long Version);

    /// <summary>
    /// The page comes from the facility's mailbox index (<see cref="IFacilityGrain.ListPage"/>), so only the page's
    /// transfers are read, however many the mailbox holds.
    /// </summary>
    public async Task<Page> ListAsync(string facilityId, V1.ListTransfersRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var states = new HashSet<TransferStatus>();
        foreach (var state in request.States)
            states.Add(state.ToContract("states"));
        var minimumPriority = request.MinimumPriority.ToContract("minimum_priority"); // unspecified: routine, so every transfer
        var limit = RequestFields.Limit(request.Limit, DefaultLimit, MaxLimit);
        var after = TransferPageToken.Parse(request.PageToken);

        var facility = _grains.GetGrain<IFacilityGrain>(facilityId);
        var mailbox = request.Mailbox.ToContract();
        // Before the listing, so a watch after it sees whatever arrived while the transfers were read.
        var inboxSequence = mailbox != Mailbox.Outbox ? await facility.GetInboxSequence() : 0;
        var page = await facility.ListPage(new MailboxQuery(mailbox, states, minimumPriority, after, limit));
        var records = await Task.WhenAll(page.TransferIds.Select(id => _grains.GetGrain<ITransferGrain>(id).Get()));
        // The index learns of changes by one-way calls, which can be lost: what was just read corrects it (the index
        // ignores a report older than what it holds, so this never undoes a newer change).
        foreach (var record in records.OfType<TransferRecord>())
            _ = facility.OnTransferChanged(TransferListPosition.Of(record), record.State, record.UpdatedAt);
        return new Page([.. records.OfType<TransferRecord>()], page.More, page.Last, inboxSequence, page.Version);
    }
}
