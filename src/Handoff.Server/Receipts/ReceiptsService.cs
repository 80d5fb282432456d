using Handoff.Client.Receipts;
using Handoff.Contracts.Errors;
using Handoff.Contracts.Receipts;
using Handoff.Protos.V1;
using Handoff.Server.Auditing;
using Handoff.Server.Errors;
using Handoff.Server.Mapping;
using Handoff.Server.Security;
using Handoff.Server.TransferApi;
using V1 = Handoff.Protos.V1;

namespace Handoff.Server.Receipts;

/// <summary>
/// Receipt keys and signed receipts. A facility registers the public half of the key its own systems sign receipts
/// with; everyone authenticated may list the public keys (to verify offline); a transfer's two facilities (or the
/// peer that relayed it) read its signed receipt.
/// </summary>
public sealed class ReceiptsService : V1.Receipts.ReceiptsBase
{
    public const int DefaultPageSize = 100;

    private readonly IGrainFactory _grains;
    private readonly ClusterCountersigner _countersigner;
    private readonly TransferAccess _access;
    private readonly TimeProvider _time;

    public ReceiptsService(IGrainFactory grains, ClusterCountersigner countersigner, TransferAccess access, TimeProvider time)
    {
        _grains = grains;
        _countersigner = countersigner;
        _access = access;
        _time = time;
    }

    private IReceiptKeyRegistryGrain Registry => _grains.GetGrain<IReceiptKeyRegistryGrain>(0);

    public override async Task<ReceiptKey> RegisterReceiptKey(RegisterReceiptKeyRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var facilityId = string.IsNullOrEmpty(request.FacilityId) && caller.FacilityId is { } own ? own : RequestFields.FacilityId(request.FacilityId, "facility_id");
        context.Audit().Object("facility", facilityId).OwnedBy(facilityId);
        if (!caller.IsOperator && (caller.IsPeer || !string.Equals(caller.FacilityId, facilityId, StringComparison.Ordinal)))
            throw DomainException.Denied("only the operator or the facility itself registers its receipt keys");
        if (await _grains.GetGrain<Contracts.Facilities.IFacilityGrain>(facilityId).GetInfo() is null)
            throw DomainException.NotFound($"facility {facilityId} is not registered");
        string kid;
        try
        {
            using var key = ReceiptKeys.ImportPublicKey(request.PublicKey.Span);
            kid = ReceiptKeys.Thumbprint(key);
        }
        catch (FormatException malformed)
        {
            throw new InvalidFieldException("public_key", malformed.Message);
        }
        var registered = await Registry.Register(new ReceiptKeyRecord(kid, ReceiptKeyKind.Facility, facilityId, "", request.PublicKey.ToByteArray(), _time.GetUtcNow(), caller.Actor));
        context.Audit().Detail = $"receipt key {kid}";
        return registered.ToProto();
    }

    public override async Task<ListReceiptKeysResponse> ListReceiptKeys(ListReceiptKeysRequest request, ServerCallContext context)
    {
        if (request.Limit < 0 || request.Limit > ReceiptKeyRegistryLimits.MaxPageSize)
            throw new InvalidFieldException("limit", $"limit must be between 1 and {ReceiptKeyRegistryLimits.MaxPageSize} (0 for {DefaultPageSize}), not {request.Limit}");
        var response = new ListReceiptKeysResponse();
        string? after = null;
        if (string.IsNullOrEmpty(request.PageToken))
            response.Keys.Add(_countersigner.PublicKey.ToProto()); // the cluster's own key heads the first page
        else
            after = request.PageToken;
        await _countersigner.EnsureRecordedAsync(_grains);
        var page = await Registry.List(after, request.Limit == 0 ? DefaultPageSize : request.Limit);
        foreach (var key in page.Keys.Where(key => key.KeyId != _countersigner.PublicKey.KeyId)) // listed first above
            response.Keys.Add(key.ToProto());
        response.NextPageToken = page.NextAfter ?? "";
        return response;
    }

    public override async Task<SignedReceipt> GetReceipt(GetReceiptRequest request, ServerCallContext context)
    {
        var (_, transfer) = await _access.OpenAsync(context, request.TransferId);
        var signed = transfer.Acknowledgement?.SignedReceipt
            ?? throw DomainException.NotFound(transfer.Acknowledgement is null
                ? $"transfer {transfer.Id} is not acknowledged yet: it has no receipt"
                : $"transfer {transfer.Id} was acknowledged without a signed receipt ({transfer.DestinationFacilityId} registered no receipt key then)");
        var outer = Countersignature.FromJson(CompactJws.Parse(signed.Countersignatures[^1], "the countersignature").Payload, "the countersignature");
        var response = new SignedReceipt { TransferId = outer.TransferId, Receipt = signed.Receipt };
        response.Countersignatures.Add(signed.Countersignatures);
        foreach (var jws in signed.Countersignatures.Prepend(signed.Receipt))
        {
            var kid = CompactJws.Parse(jws, "a signature").KeyId;
            var own = _countersigner.PublicKey;
            var key = kid == own.KeyId ? own : await Registry.Find(kid);
            if (key is not null && response.Keys.All(k => k.Kid != kid))
                response.Keys.Add(key.ToProto());
        }
        return response;
    }
}
