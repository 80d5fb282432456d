namespace Handoff.Contracts.Federation;

/// <summary>
/// Another regional network's cluster this one trusts: where its federation endpoint is, the certificates that
/// identify it (pinned by SHA-256 thumbprint), which local facilities it may send to (exports), and which of its
/// facilities can be sent to from here (imports).
/// </summary>
[GenerateSerializer, Immutable, Alias("handoff.PeerInfo")]
public sealed record PeerInfo(
    [property: Id(0)] string Name,
    [property: Id(1)] string Address,
    [property: Id(2)] IReadOnlyList<PeerCertificateInfo> Certificates,
    [property: Id(3)] IReadOnlyList<string> ExportedFacilityIds,
    [property: Id(4)] IReadOnlyList<RemoteFacilityInfo> ImportedFacilities,
    [property: Id(5)] bool ImportAll,
    [property: Id(6)] bool Revoked,
    [property: Id(7)] DateTimeOffset CreatedAt)
{
    /// <summary>True when a certificate with this thumbprint is pinned for the peer and neither it nor the peer is revoked.</summary>
    public bool Trusts(string thumbprint) =>
        !Revoked && Certificates.Any(c => !c.Revoked && string.Equals(c.Thumbprint, thumbprint, StringComparison.OrdinalIgnoreCase));

    public bool Exports(string facilityId) => ExportedFacilityIds.Contains(facilityId, StringComparer.Ordinal);

    /// <summary>True when local facilities may send to this remote facility of the peer.</summary>
    public bool Imports(string facilityId) => ImportAll || ImportedFacilities.Any(f => string.Equals(f.FacilityId, facilityId, StringComparison.Ordinal));
}

/// <summary>A pinned certificate of a peer (public information only).</summary>
[GenerateSerializer, Immutable, Alias("handoff.PeerCertificateInfo")]
public sealed record PeerCertificateInfo(
    [property: Id(0)] string Thumbprint,
    [property: Id(1)] string Subject,
    [property: Id(2)] DateTimeOffset NotAfter,
    [property: Id(3)] bool Revoked);

/// <summary>A facility of a peer network, as the peer exported it.</summary>
[GenerateSerializer, Immutable, Alias("handoff.RemoteFacilityInfo")]
public sealed record RemoteFacilityInfo(
    [property: Id(0)] string FacilityId,
    [property: Id(1)] string DisplayName);
