namespace Handoff.Contracts.Transfers;

/// <summary>
/// The names of who acted, as timelines and audit events carry them: a facility id (its key), "facility/username" (a
/// named user of it), "facility@network" (a peer's facility), "peer:network", or "operator". A user acts for their
/// facility: rules that ask "is this the destination?" ask about <see cref="FacilityOf"/>.
/// </summary>
public static class Actors
{
    public const char UserSeparator = '/';

    /// <summary>"facility/username" for a named user of a facility.</summary>
    public static string User(string facilityId, string username) => $"{facilityId}{UserSeparator}{username}";

    /// <summary>The facility an actor acts for: the part before '/' for a user, the actor itself otherwise.</summary>
    public static string FacilityOf(string actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var slash = actor.IndexOf(UserSeparator, StringComparison.Ordinal);
        return slash < 0 ? actor : actor[..slash];
    }
}
