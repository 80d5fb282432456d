namespace Handoff.Contracts.Users;

/// <summary>
/// Which facility each username belongs to (one instance, key 0). Usernames are unique in the cluster, so a person
/// signs in with a username and a password alone, on one page for every facility.
/// </summary>
public interface IUserDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Claims the username for the facility; false when another facility holds it. Claiming one's own again is true.</summary>
    Task<bool> Claim(string username, string facilityId);

    /// <summary>The facility the username belongs to; null when no one has it.</summary>
    [ReadOnly]
    Task<string?> FacilityOf(string username);
}
