namespace Handoff.Contracts.Users;

/// <summary>The answer to a sign-in: the session when signed in; when locked out, until when.</summary>
[GenerateSerializer, Immutable, Alias("handoff.SignInResult")]
public sealed record SignInResult(
    [property: Id(0)] SignInOutcome Outcome,
    [property: Id(1)] UserSession? Session,
    [property: Id(2)] DateTimeOffset? LockedUntil);
