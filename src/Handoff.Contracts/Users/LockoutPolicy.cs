namespace Handoff.Contracts.Users;

/// <summary>How many wrong passwords in a row lock a user out, and for how long (<c>Handoff:Users</c>).</summary>
[GenerateSerializer, Immutable, Alias("handoff.LockoutPolicy")]
public sealed record LockoutPolicy(
    [property: Id(0)] int MaxFailedAttempts,
    [property: Id(1)] TimeSpan Duration);
