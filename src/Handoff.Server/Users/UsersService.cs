using Handoff.Contracts.Errors;
using Handoff.Contracts.Users;
using Handoff.Protos.V1;
using Handoff.Server.Auditing;
using Handoff.Server.Mapping;
using Handoff.Server.Security;
using V1 = Handoff.Protos.V1;

namespace Handoff.Server.Users;

/// <summary>
/// A facility's named users, for the operator key, the facility's own key, or an admin user of the facility (whose
/// role <see cref="UserPermissions"/> has already checked). One-time passwords are returned once and never logged.
/// </summary>
public sealed class UsersService : V1.Users.UsersBase
{
    private readonly IGrainFactory _grains;

    public UsersService(IGrainFactory grains)
    {
        _grains = grains;
    }

    public override async Task<IssuedUserPassword> AddUser(AddUserRequest request, ServerCallContext context)
    {
        var users = Open(context, request.FacilityId);
        var role = request.Role.ToRole("role");
        return (await users.Add(RequestFields.Required(request.Username, "username"), role)).ToProto();
    }

    public override async Task<ListUsersResponse> ListUsers(ListUsersRequest request, ServerCallContext context)
    {
        var response = new ListUsersResponse();
        foreach (var user in await Open(context, request.FacilityId).List())
            response.Users.Add(user.ToProto());
        return response;
    }

    public override async Task<V1.User> DisableUser(UserRequest request, ServerCallContext context) =>
        (await Open(context, request.FacilityId).Disable(RequestFields.Required(request.Username, "username"))).ToProto();

    public override async Task<IssuedUserPassword> ResetUserPassword(UserRequest request, ServerCallContext context) =>
        (await Open(context, request.FacilityId).ResetPassword(RequestFields.Required(request.Username, "username"))).ToProto();

    /// <summary>The facility's users, when the caller administers them: the operator, or the facility itself (its key or an admin user).</summary>
    private IFacilityUsersGrain Open(ServerCallContext context, string facilityId)
    {
        var id = RequestFields.FacilityId(facilityId, "facility_id");
        context.Audit().Object("facility", id).OwnedBy(id);
        var caller = context.GetCaller();
        if (!caller.IsOperator && (caller.IsPeer || !string.Equals(caller.FacilityId, id, StringComparison.Ordinal)))
            throw new DomainException(DomainErrorKind.PermissionDenied, "only the operator or the facility itself manages its users");
        return _grains.GetGrain<IFacilityUsersGrain>(id);
    }
}
