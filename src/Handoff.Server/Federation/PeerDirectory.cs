using Handoff.Contracts.Federation;

namespace Handoff.Server.Federation;

/// <summary>
/// This silo's copy of the peer registry, read again from the registry grain at most every few seconds: every call
/// on the federation endpoint identifies its peer here, and a grain call per call would make the registry the
/// bottleneck of every relayed chunk. A change made through this silo is seen at once (<see cref="Invalidate"/>);
/// other silos see a revocation within <see cref="Lifetime"/>.
/// </summary>
public sealed class PeerDirectory
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private readonly IGrainFactory _grains;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile Snapshot? _snapshot;

    public PeerDirectory(IGrainFactory grains, TimeProvider time)
    {
        _grains = grains;
        _time = time;
    }

    public IPeerRegistryGrain Registry => _grains.GetGrain<IPeerRegistryGrain>(0);

    public async Task<IReadOnlyList<PeerInfo>> AllAsync()
    {
        var now = _time.GetUtcNow();
        if (_snapshot is { } fresh && fresh.ExpiresAt > now)
            return fresh.Peers;
        await _refresh.WaitAsync();
        try
        {
            if (_snapshot is { } refreshed && refreshed.ExpiresAt > now)
                return refreshed.Peers;
            var peers = await Registry.List();
            _snapshot = new Snapshot(peers, _time.GetUtcNow() + Lifetime);
            return peers;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>The registered peer that pinned this certificate thumbprint, unless it or the certificate is revoked.</summary>
    public async Task<PeerInfo?> IdentifyAsync(string thumbprint) => (await AllAsync()).FirstOrDefault(peer => peer.Trusts(thumbprint));

    public async Task<PeerInfo?> GetAsync(string name) => (await AllAsync()).FirstOrDefault(peer => peer.Name == name);

    public void Invalidate() => _snapshot = null;

    private sealed record Snapshot(IReadOnlyList<PeerInfo> Peers, DateTimeOffset ExpiresAt);
}
