using Handoff.Contracts.Errors;
using Handoff.Contracts.Federation;
using Handoff.Contracts.Transfers;
using Handoff.Contracts.Users;

namespace Handoff.Server.Security;

/// <summary>
/// Who is calling, as the authentication interceptor established it: the operator, one facility (by its key, or a
/// named user of it signed in to the web page), or a peer network's
/// cluster (identified by its certificate on the federation endpoint), acting for one of its facilities when it
/// relays a transfer. Services read it from the call context (<see cref="CallerContext"/>) and never look at the key
/// or certificate themselves.
/// </summary>
public sealed record Caller
{
    public const string OperatorActor = "operator";

    private Caller(string? facilityId, string? peerNetwork, string? username = null, UserRole? role = null)
    {
        FacilityId = facilityId;
        PeerNetwork = peerNetwork;
        Username = username;
        Role = role;
    }

    public static Caller Operator { get; } = new(null, null);

    public static Caller Facility(string facilityId)
    {
        ArgumentException.ThrowIfNullOrEmpty(facilityId);
        return new Caller(facilityId, null);
    }

    /// <summary>A named user of a facility, acting with the permissions of <paramref name="role"/> (<see cref="UserPermissions"/>).</summary>
    public static Caller User(string facilityId, string username, UserRole role)
    {
        ArgumentException.ThrowIfNullOrEmpty(facilityId);
        ArgumentException.ThrowIfNullOrEmpty(username);
        return new Caller(facilityId, null, username, role);
    }

    /// <summary>
    /// A peer cluster. Acting for one of its facilities it is that facility, addressed "facility@network", so its
    /// studies and transfers here are kept apart from every local facility's; otherwise it may only ask peer questions.
    /// </summary>
    public static Caller Peer(string network, string? facilityId)
    {
        ArgumentException.ThrowIfNullOrEmpty(network);
        return new Caller(facilityId is null ? null : FacilityAddress.Of(facilityId, network), network);
    }

    /// <summary>The facility the call is for ("facility@network" for a peer's); null for the operator and bare peer calls.</summary>
    public string? FacilityId { get; }

    /// <summary>The peer network's name when a peer cluster is calling.</summary>
    public string? PeerNetwork { get; }

    /// <summary>The signed-in user's name when a named user is calling; null for a facility key.</summary>
    public string? Username { get; }

    /// <summary>The signed-in user's role; null for every other caller.</summary>
    public UserRole? Role { get; }

    public bool IsUser => Username is not null;

    public bool IsPeer => PeerNetwork is not null;

    public bool IsOperator => FacilityId is null && PeerNetwork is null;

    /// <summary>
    /// The audit and timeline name of the caller: "facility/username" for a named user, the facility id for its key
    /// ("facility@network" for a peer's), "peer:network", or "operator".
    /// </summary>
    public string Actor => Username is { } user ? Actors.User(FacilityId!, user) : FacilityId ?? (PeerNetwork is { } network ? $"peer:{network}" : OperatorActor);

    /// <summary>The facility id, or PERMISSION_DENIED: the operator key administers, it does not send or receive.</summary>
    public string RequireFacility() =>
        FacilityId ?? throw new DomainException(DomainErrorKind.PermissionDenied, IsPeer
            ? "this call acts for a facility: name it in the handoff-on-behalf-of header"
            : "this call needs a facility API key, not the operator key");

    public void RequireOperator()
    {
        if (!IsOperator)
            throw new DomainException(DomainErrorKind.PermissionDenied, "this call needs the operator key");
    }

    /// <summary>The calling peer's network name, or PERMISSION_DENIED.</summary>
    public string RequirePeer() =>
        PeerNetwork ?? throw new DomainException(DomainErrorKind.PermissionDenied, "this call is for peer clusters, on the federation endpoint");
}
