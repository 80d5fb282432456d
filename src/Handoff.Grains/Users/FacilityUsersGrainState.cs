using Handoff.Contracts.Users;

namespace Handoff.Grains.Users;

/// <summary>A facility's users as stored, keyed by lowercase username.</summary>
[GenerateSerializer, Alias("handoff.grains.FacilityUsersGrainState")]
public sealed class FacilityUsersGrainState
{
    [Id(0)]
    public Dictionary<string, StoredUser> Users { get; set; } = new(StringComparer.Ordinal);
}

[GenerateSerializer, Alias("handoff.grains.StoredUser")]
public sealed class StoredUser
{
    [Id(0)]
    public UserRole Role { get; set; }

    /// <summary>ASP.NET Core Identity's hash format; never the password.</summary>
    [Id(1)]
    public string PasswordHash { get; set; } = "";

    [Id(2)]
    public bool MustChangePassword { get; set; }

    [Id(3)]
    public bool Disabled { get; set; }

    [Id(4)]
    public DateTimeOffset CreatedAt { get; set; }

    [Id(5)]
    public DateTimeOffset? LastSignInAt { get; set; }

    [Id(6)]
    public int FailedAttempts { get; set; }

    [Id(7)]
    public DateTimeOffset? LockedUntil { get; set; }

    /// <summary>Random; replaced when the password changes or the user is disabled, which ends every open session.</summary>
    [Id(8)]
    public string SessionStamp { get; set; } = "";
}
