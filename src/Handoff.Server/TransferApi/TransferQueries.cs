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

    /// <summary>One page of the mailbox, whether more follow, and the inbox sequence read before listing.</summary>
    public sealed record Page(IReadOnlyList<TransferRecord> Transfers, bool More, long InboxSequence);

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
        var ids = new HashSet<Guid>();
        var mailbox = request.Mailbox.ToContract();
        long inboxSequence = 0;
        if (mailbox != Mailbox.Outbox)
        {
            // Before the listing, so a watch after it sees whatever arrived while the transfers were read.
            inboxSequence = await facility.GetInboxSequence();
            ids.UnionWith(await facility.ListTransfers(Mailbox.Inbox));
        }
        if (mailbox != Mailbox.Inbox)
            ids.UnionWith(await facility.ListTransfers(Mailbox.Outbox));

        var lookups = new List<Task<TransferRecord?>>(ids.Count);
        foreach (var id in ids)
            lookups.Add(_grains.GetGrain<ITransferGrain>(id).Get());
        var matching = new List<TransferRecord>();
        foreach (var transfer in await Task.WhenAll(lookups))
        {
            if (transfer is not null && transfer.Priority >= minimumPriority && (states.Count == 0 || states.Contains(transfer.State))
                && (after is not { } position || TransferListOrder.Compare(TransferListPosition.Of(transfer), position) > 0))
                matching.Add(transfer);
        }
        matching.Sort(TransferListOrder.Instance);
        return matching.Count > limit ? new Page(matching[..limit], true, inboxSequence) : new Page(matching, false, inboxSequence);
    }
}
