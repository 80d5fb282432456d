using System.Text.RegularExpressions;
using Handoff.Contracts.Errors;
using Handoff.Contracts.Federation;
using Handoff.Grains.Facilities;
using Microsoft.Extensions.Logging;

namespace Handoff.Grains.Federation;

/// <summary>
/// The peer networks this cluster trusts (one instance, key 0). Every change is written before it is answered, so
/// a revocation the operator saw succeed survives a crash. Exports name local facilities that must exist; imports
/// are what the peer said it exports, checked by the caller (Server/Federation/PeerImports) before they get here.
/// </summary>
public sealed partial class PeerRegistryGrain : Grain, IPeerRegistryGrain
{
    private const int MaxAddressLength = 512;

    private readonly IPersistentState<PeerRegistryGrainState> _state;
    private readonly ILogger<PeerRegistryGrain> _logger;

    public PeerRegistryGrain(
        [PersistentState(HandoffStorage.StateName, HandoffStorage.ProviderName)] IPersistentState<PeerRegistryGrainState> state,
        ILogger<PeerRegistryGrain> logger)
    {
        _state = state;
        _logger = logger;
    }

    private SortedDictionary<string, PeerInfo> Peers => _state.State.Peers;

    public async Task<PeerInfo> Add(string name, string address, IReadOnlyList<PeerCertificateInfo> certificates)
    {
        ValidateName(name);
        ValidateAddress(address);
        if (certificates is null || certificates.Count == 0)
            throw DomainException.Invalid($"peer {InputEcho.Quote(name)} needs at least one certificate: the one it presents when it calls");
        // A certificate identifies exactly one peer: pinned for two, a call would be attributed to whichever comes first.
        foreach (var other in Peers.Values.Where(p => p.Name != name))
        {
            var shared = certificates.FirstOrDefault(c => other.Certificates.Any(p => string.Equals(p.Thumbprint, c.Thumbprint, StringComparison.OrdinalIgnoreCase)));
            if (shared is not null)
                throw DomainException.AlreadyExists($"certificate {shared.Thumbprint} is already pinned for peer '{other.Name}'; a certificate identifies one peer");
        }
        if (Peers.TryGetValue(name, out var existing))
        {
            var added = certificates.Where(c => !existing.Certificates.Any(p => string.Equals(p.Thumbprint, c.Thumbprint, StringComparison.OrdinalIgnoreCase)));
            return await SaveAsync(existing with { Address = address, Certificates = [.. existing.Certificates, .. added] });
        }
        var peer = new PeerInfo(name, address, [.. certificates], [], [], ImportAll: false, Revoked: false, DateTimeOffset.UtcNow);
        LogAdded(name);
        return await SaveAsync(peer);
    }

    public Task<IReadOnlyList<PeerInfo>> List() => Task.FromResult<IReadOnlyList<PeerInfo>>([.. Peers.Values]);

    public Task<PeerInfo?> Get(string name) => Task.FromResult(name is not null && Peers.TryGetValue(name, out var peer) ? peer : null);

    public async Task<PeerInfo> Revoke(string name, string? thumbprint)
    {
        var peer = Require(name);
        if (thumbprint is null)
        {
            LogRevoked(name, "the peer");
            return await SaveAsync(peer with { Revoked = true });
        }
        if (!peer.Certificates.Any(c => string.Equals(c.Thumbprint, thumbprint, StringComparison.OrdinalIgnoreCase)))
            throw DomainException.NotFound($"peer {InputEcho.Quote(name)} has no certificate with thumbprint {InputEcho.Quote(thumbprint)}");
        LogRevoked(name, thumbprint);
        return await SaveAsync(peer with
        {
            Certificates = [.. peer.Certificates.Select(c => string.Equals(c.Thumbprint, thumbprint, StringComparison.OrdinalIgnoreCase) ? c with { Revoked = true } : c)],
        });
    }

    public async Task<PeerInfo> Export(string name, string facilityId)
    {
        var peer = Require(name);
        FacilityIds.Validate(facilityId);
        if (await GrainFactory.GetGrain<Contracts.Facilities.IFacilityGrain>(facilityId).GetInfo() is null)
            throw DomainException.NotFound($"facility '{facilityId}' is not registered");
        if (peer.Exports(facilityId))
            return peer;
        return await SaveAsync(peer with { ExportedFacilityIds = [.. peer.ExportedFacilityIds.Append(facilityId).Order(StringComparer.Ordinal)] });
    }

    public async Task<PeerInfo> Unexport(string name, string facilityId)
    {
        var peer = Require(name);
        if (!peer.Exports(facilityId))
            return peer;
        return await SaveAsync(peer with { ExportedFacilityIds = [.. peer.ExportedFacilityIds.Where(id => id != facilityId)] });
    }

    public async Task<PeerInfo> Import(string name, IReadOnlyList<RemoteFacilityInfo> facilities, bool all, bool replace = false)
    {
        var peer = Require(name);
        ArgumentNullException.ThrowIfNull(facilities);
        foreach (var facility in facilities)
            FacilityIds.Validate(facility.FacilityId);
        var kept = replace ? [] : peer.ImportedFacilities.Where(f => !facilities.Any(n => n.FacilityId == f.FacilityId));
        var merged = kept.Concat(facilities).OrderBy(f => f.FacilityId, StringComparer.Ordinal).ToList();
        if (replace && merged.SequenceEqual(peer.ImportedFacilities) && peer.ImportAll == all)
            return peer;
        return await SaveAsync(peer with { ImportedFacilities = [.. merged], ImportAll = peer.ImportAll || all });
    }

    private PeerInfo Require(string name) =>
        name is not null && Peers.TryGetValue(name, out var peer) ? peer : throw DomainException.NotFound($"peer {InputEcho.Quote(name)} is not registered");

    private async Task<PeerInfo> SaveAsync(PeerInfo peer)
    {
        Peers[peer.Name] = peer;
        try
        {
            await _state.WriteStateAsync();
        }
        catch
        {
            // Drop the unsaved change with the activation: the next call reloads what is stored.
            DeactivateOnIdle();
            throw;
        }
        return peer;
    }

    private static void ValidateName(string? name)
    {
        if (name is null || !NetworkName().IsMatch(name))
            throw DomainException.Invalid($"peer name {InputEcho.Quote(name)} is not valid: use 2 to 63 characters of a-z, 0-9 and '-', starting with a letter or digit");
    }

    private static void ValidateAddress(string? address)
    {
        if (address is null || address.Length > MaxAddressLength || !Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            throw DomainException.Invalid($"peer address {InputEcho.Quote(address)} is not valid: use the peer's federation endpoint, https://host:port");
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{1,62}\z", RegexOptions.CultureInvariant)]
    private static partial Regex NetworkName();

    [LoggerMessage(Level = LogLevel.Information, Message = "Peer {Peer} registered")]
    private partial void LogAdded(string peer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Peer {Peer}: revoked {What}")]
    private partial void LogRevoked(string peer, string what);
}
