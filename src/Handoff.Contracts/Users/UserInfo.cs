namespace Handoff.Contracts.Users;

/// <summary>A named user of a facility as an administrator sees it: never the password or its hash.</summary>
[GenerateSerializer, Immutable, Alias("handoff.UserInfo")]
public sealed record UserInfo(
    [property: Id(0)] string FacilityId,
    [property: Id(1)] string Username,
    [property: Id(2)] UserRole Role,
    [property: Id(3)] bool Disabled,
    [property: Id(4)] bool MustChangePassword,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] DateTimeOffset? LastSignInAt,
    [property: Id(7)] DateTimeOffset? LockedUntil);
