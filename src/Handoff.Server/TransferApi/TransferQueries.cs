using Handoff.Contracts.Facilities;
using Handoff.Contracts.Transfers;
using Handoff.Server.Mapping;
using V1 = Handoff.Protos.V1;

namespace Handoff.Server.TransferApi;

/// <summary>A facility's inbox and outbox with the request's filters, newest first.</summary>
public sealed class TransferQueries
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    private readonly IGrainFactory _grains;

    public TransferQueries(IGrainFactory grains)
    {
        _grains = grains;
    }

    public async Task<IReadOnlyList<TransferRecord>> ListAsync(string facilityId, V1.ListTransfersRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var states = new HashSet<TransferStatus>();
        foreach (var state in request.States)
            states.Add(state.ToContract("states"));
        var minimumPriority = request.MinimumPriority.ToContract("minimum_priority"); // unspecified: routine, so every transfer
        var limit = RequestFields.Limit(request.Limit, DefaultLimit, MaxLimit);

        var facility = _grains.GetGrain<IFacilityGrain>(facilityId);
        var ids = new HashSet<Guid>();
        var mailbox = request.Mailbox.ToContract();
        if (mailbox != Mailbox.Outbox)
            ids.UnionWith(await facility.ListTransfers(Mailbox.Inbox));
        if (mailbox != Mailbox.Inbox)
            ids.UnionWith(await facility.ListTransfers(Mailbox.Outbox));

        var lookups = new List<Task<TransferRecord?>>(ids.Count);
        foreach (var id in ids)
            lookups.Add(_grains.GetGrain<ITransferGrain>(id).Get());
        var matching = new List<TransferRecord>();
        foreach (var transfer in await Task.WhenAll(lookups))
        {
            if (transfer is not null && transfer.Priority >= minimumPriority && (states.Count == 0 || states.Contains(transfer.State)))
                matching.Add(transfer);
        }
        matching.Sort(TransferListOrder.Instance);
        return matching.Count > limit ? matching[..limit] : matching;
    }
}
