using Handoff.Contracts.Errors;
using Handoff.Contracts.Facilities;
using Handoff.Protos.V1;
using Handoff.Server.Auditing;
using Handoff.Server.Mapping;
using Handoff.Server.Security;
using V1 = Handoff.Protos.V1;

namespace Handoff.Server.Administration;

/// <summary>Facility administration, for the operator key only. Keys are returned once and never stored in clear.</summary>
public sealed class FacilitiesService : V1.Facilities.FacilitiesBase
{
    private readonly IGrainFactory _grains;
    private readonly FacilityKeyCache _keyCache;

    public FacilitiesService(IGrainFactory grains, FacilityKeyCache keyCache)
    {
        _grains = grains;
        _keyCache = keyCache;
    }

    public override async Task<RegisterFacilityResponse> RegisterFacility(RegisterFacilityRequest request, ServerCallContext context)
    {
        context.GetCaller().RequireOperator();
        var id = RequestFields.FacilityId(request.FacilityId, "facility_id");
        context.Audit().Object("facility", id).OwnedBy(id);
        var registration = new FacilityRegistration(
            id,
            RequestFields.Required(request.DisplayName, "display_name"),
            RequestFields.Optional(request.PatientIdIssuer, "patient_id_issuer", 64));
        var issued = await _grains.GetGrain<IFacilityGrain>(id).Register(registration);
        return new RegisterFacilityResponse { Facility = issued.Facility.ToProto(), ApiKey = issued.ApiKey };
    }

    public override async Task<ListFacilitiesResponse> ListFacilities(ListFacilitiesRequest request, ServerCallContext context)
    {
        context.GetCaller().RequireOperator();
        var ids = await _grains.GetGrain<IFacilityDirectoryGrain>(0).List();
        var lookups = new Task<FacilityInfo?>[ids.Count];
        for (var i = 0; i < lookups.Length; i++)
            lookups[i] = _grains.GetGrain<IFacilityGrain>(ids[i]).GetInfo();
        var response = new ListFacilitiesResponse();
        foreach (var info in await Task.WhenAll(lookups))
        {
            if (info is not null)
                response.Facilities.Add(info.ToProto());
        }
        return response;
    }

    public override async Task<RotateFacilityKeyResponse> RotateFacilityKey(RotateFacilityKeyRequest request, ServerCallContext context)
    {
        var facility = await OpenExistingAsync(context, request.FacilityId);
        var key = await facility.RotateKey();
        _keyCache.Evict(request.FacilityId);
        return new RotateFacilityKeyResponse { ApiKey = key };
    }

    public override async Task<V1.Facility> DisableFacility(DisableFacilityRequest request, ServerCallContext context)
    {
        var facility = await OpenExistingAsync(context, request.FacilityId);
        var info = await facility.Disable();
        _keyCache.Evict(request.FacilityId);
        return info.ToProto();
    }

    private async Task<IFacilityGrain> OpenExistingAsync(ServerCallContext context, string facilityId)
    {
        context.GetCaller().RequireOperator();
        var id = RequestFields.FacilityId(facilityId, "facility_id");
        context.Audit().Object("facility", id).OwnedBy(id);
        var facility = _grains.GetGrain<IFacilityGrain>(id);
        if (await facility.GetInfo() is null)
            throw DomainException.NotFound($"facility {id} is not registered");
        return facility;
    }
}
