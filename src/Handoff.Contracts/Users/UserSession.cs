namespace Handoff.Contracts.Users;

/// <summary>
/// What a signed-in user's session rests on. <paramref name="SessionStamp"/> changes whenever the password is changed
/// or reset and when the user is disabled, so sessions opened before stop working.
/// </summary>
[GenerateSerializer, Immutable, Alias("handoff.UserSession")]
public sealed record UserSession(
    [property: Id(0)] string FacilityId,
    [property: Id(1)] string Username,
    [property: Id(2)] UserRole Role,
    [property: Id(3)] bool MustChangePassword,
    [property: Id(4)] string SessionStamp);
