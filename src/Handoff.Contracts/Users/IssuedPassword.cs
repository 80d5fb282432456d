namespace Handoff.Contracts.Users;

/// <summary>A user and a one-time password, which must be changed at the first sign-in: the only time it exists in clear.</summary>
[GenerateSerializer, Immutable, Alias("handoff.IssuedPassword")]
public sealed record IssuedPassword(
    [property: Id(0)] UserInfo User,
    [property: Id(1)] string OneTimePassword);
