using Handoff.Contracts.Errors;
using Handoff.Contracts.Users;
using V1 = Handoff.Protos.V1;

namespace Handoff.Server.Mapping;

/// <summary>User records ↔ protos.</summary>
public static class UserMapping
{
    public static V1.User ToProto(this UserInfo user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new V1.User
        {
            FacilityId = user.FacilityId,
            Username = user.Username,
            Role = user.Role.ToProto(),
            Disabled = user.Disabled,
            MustChangePassword = user.MustChangePassword,
            CreatedAt = ProtoTime.From(user.CreatedAt),
            LastSignInAt = ProtoTime.FromOptional(user.LastSignInAt),
            LockedUntil = ProtoTime.FromOptional(user.LockedUntil),
        };
    }

    public static V1.IssuedUserPassword ToProto(this IssuedPassword issued)
    {
        ArgumentNullException.ThrowIfNull(issued);
        return new V1.IssuedUserPassword { User = issued.User.ToProto(), OneTimePassword = issued.OneTimePassword };
    }

    public static V1.UserRole ToProto(this UserRole role) => role switch
    {
        UserRole.Clinician => V1.UserRole.Clinician,
        UserRole.Coordinator => V1.UserRole.Coordinator,
        UserRole.Admin => V1.UserRole.Admin,
        _ => V1.UserRole.Unspecified,
    };

    /// <summary>INVALID_ARGUMENT naming <paramref name="field"/> for an unset or unknown role.</summary>
    public static UserRole ToRole(this V1.UserRole role, string field) => role switch
    {
        V1.UserRole.Clinician => UserRole.Clinician,
        V1.UserRole.Coordinator => UserRole.Coordinator,
        V1.UserRole.Admin => UserRole.Admin,
        _ => throw DomainException.Invalid($"{field} must be clinician, coordinator or admin"),
    };
}
