using Handoff.Contracts.Errors;
using Handoff.Contracts.Transfers;
using Handoff.Server.Auditing;
using Handoff.Server.Mapping;
using Handoff.Server.Security;

namespace Handoff.Server.TransferApi;

/// <summary>
/// Finds a transfer for a caller. A facility that is neither its source nor its destination gets the same NOT_FOUND
/// as for a transfer that does not exist, so the answer never hints that it exists.
/// </summary>
public sealed class TransferAccess
{
    private readonly IGrainFactory _grains;

    public TransferAccess(IGrainFactory grains)
    {
        _grains = grains;
    }

    public async Task<(ITransferGrain Grain, TransferRecord Transfer)> OpenAsync(ServerCallContext context, string transferId)
    {
        var facility = context.GetCaller().RequireFacility();
        var id = RequestFields.TransferId(transferId, "transfer_id");
        var audit = context.Audit().Object("transfer", id.ToString());
        var grain = _grains.GetGrain<ITransferGrain>(id);
        var transfer = await grain.Get();
        if (transfer is not null)
            audit.OwnedBy(transfer.SourceFacilityId).Concerning(transfer.DestinationFacilityId);
        if (transfer is null || !IsParty(facility, transfer))
            throw DomainException.NotFound($"transfer {id} was not found");
        return (grain, transfer);
    }

    /// <summary>As <see cref="OpenAsync"/>, and PERMISSION_DENIED unless the caller is the destination (it knows the transfer exists).</summary>
    public async Task<(ITransferGrain Grain, TransferRecord Transfer)> OpenAsDestinationAsync(ServerCallContext context, string transferId, string action)
    {
        var opened = await OpenAsync(context, transferId);
        if (!string.Equals(context.GetCaller().FacilityId, opened.Transfer.DestinationFacilityId, StringComparison.Ordinal))
            throw DomainException.Denied($"only the destination facility of transfer {opened.Transfer.Id} may {action}");
        return opened;
    }

    private static bool IsParty(string facilityId, TransferRecord transfer) =>
        string.Equals(facilityId, transfer.SourceFacilityId, StringComparison.Ordinal)
        || string.Equals(facilityId, transfer.DestinationFacilityId, StringComparison.Ordinal);
}
