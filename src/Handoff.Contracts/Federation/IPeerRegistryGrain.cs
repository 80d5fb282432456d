namespace Handoff.Contracts.Federation;

/// <summary>
/// The peers of this cluster (one instance, key 0): registration, certificate pins and revocation, exports and
/// imports. Small (a region has a handful of peers) and read far more than written, so silos cache it
/// (Server/Federation/PeerDirectory) and ask here on a miss.
/// </summary>
public interface IPeerRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>Registers the peer, or updates its address and adds the certificates not pinned yet.</summary>
    Task<PeerInfo> Add(string name, string address, IReadOnlyList<PeerCertificateInfo> certificates);

    [ReadOnly]
    Task<IReadOnlyList<PeerInfo>> List();

    /// <summary>Null when no peer has this name.</summary>
    [ReadOnly]
    Task<PeerInfo?> Get(string name);

    /// <summary>Revokes one certificate (by thumbprint), or the peer itself when <paramref name="thumbprint"/> is null.</summary>
    Task<PeerInfo> Revoke(string name, string? thumbprint);

    Task<PeerInfo> Export(string name, string facilityId);

    Task<PeerInfo> Unexport(string name, string facilityId);

    /// <summary>
    /// Records which of the peer's exported facilities can be sent to (all of them, now and later, with
    /// <paramref name="all"/>). With <paramref name="replace"/> the list becomes exactly <paramref name="facilities"/>
    /// (a refresh of what an import-all peer exports now); otherwise they are added.
    /// </summary>
    Task<PeerInfo> Import(string name, IReadOnlyList<RemoteFacilityInfo> facilities, bool all, bool replace = false);
}
