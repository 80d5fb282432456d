using Handoff.Contracts.Errors;
using Handoff.Contracts.Receipts;

namespace Handoff.Grains.Receipts;

/// <summary>Every receipt public key of the cluster, in key id order. Registrations are rare; lookups are in memory.</summary>
public sealed class ReceiptKeyRegistryGrain : Grain, IReceiptKeyRegistryGrain
{
    /// <summary>Keys one facility may hold (rotation keeps old keys: receipts signed with them stay verifiable).</summary>
    public const int MaxKeysPerFacility = 20;

    /// <summary>Keys in all, learned ones included: a peer cannot grow this state without bound.</summary>
    public const int MaxKeys = 50_000;

    /// <summary>Keys learned from one peer network: a peer cannot take the room this cluster's facilities need.</summary>
    public const int MaxKeysPerNetwork = 2_000;

    private readonly IPersistentState<ReceiptKeyRegistryGrainState> _state;

    public ReceiptKeyRegistryGrain(
        [PersistentState(HandoffStorage.StateName, HandoffStorage.ProviderName)] IPersistentState<ReceiptKeyRegistryGrainState> state)
    {
        _state = state;
    }

    private SortedDictionary<string, ReceiptKeyRecord> Keys => _state.State.Keys;

    public async Task<ReceiptKeyRecord> Register(ReceiptKeyRecord key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Kind != ReceiptKeyKind.Facility || key.Network.Length > 0)
            throw DomainException.Invalid("only a facility of this cluster registers keys here");
        if (Keys.TryGetValue(key.KeyId, out var known))
        {
            if (known.FacilityId == key.FacilityId && known.Network.Length == 0)
                return known;
            throw DomainException.AlreadyExists($"key {key.KeyId} is already registered to another facility");
        }
        if (Keys.Values.Count(k => k.Network.Length == 0 && k.FacilityId == key.FacilityId) >= MaxKeysPerFacility)
            throw DomainException.Exhausted($"facility {key.FacilityId} has {MaxKeysPerFacility} receipt keys, the most it may register");
        if (Keys.Count >= MaxKeys)
            throw DomainException.Exhausted($"the cluster holds {MaxKeys} receipt keys, the most it keeps");
        Keys[key.KeyId] = key;
        await _state.WriteOrReloadAsync(this);
        return key;
    }

    public async Task Learn(IReadOnlyList<ReceiptKeyRecord> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var added = false;
        foreach (var key in keys)
        {
            if (key.Network.Length == 0 || Keys.ContainsKey(key.KeyId) || Keys.Count >= MaxKeys
                || Keys.Values.Count(k => k.Network == key.Network) >= MaxKeysPerNetwork)
                continue;
            Keys[key.KeyId] = key;
            added = true;
        }
        if (added)
            await _state.WriteOrReloadAsync(this);
    }

    public async Task RecordClusterKey(ReceiptKeyRecord key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Kind != ReceiptKeyKind.Cluster || key.Network.Length > 0)
            throw DomainException.Invalid("only this cluster's own key is recorded as its cluster key");
        if (Keys.ContainsKey(key.KeyId))
            return;
        Keys[key.KeyId] = key;
        await _state.WriteOrReloadAsync(this);
    }

    public Task<ReceiptKeyRecord?> Find(string keyId) => Task.FromResult(Keys.GetValueOrDefault(keyId ?? ""));

    public Task<bool> HasKeys(string facilityId) =>
        Task.FromResult(Keys.Values.Any(k => k.Kind == ReceiptKeyKind.Facility && k.Network.Length == 0 && k.FacilityId == facilityId));

    public Task<ReceiptKeyPage> List(string? afterKeyId, int limit)
    {
        limit = Math.Clamp(limit, 1, ReceiptKeyRegistryLimits.MaxPageSize);
        var page = Keys.Values.Where(k => afterKeyId is null || string.CompareOrdinal(k.KeyId, afterKeyId) > 0).Take(limit + 1).ToList();
        var more = page.Count > limit;
        if (more)
            page.RemoveAt(limit);
        return Task.FromResult(new ReceiptKeyPage(page, more ? page[^1].KeyId : null));
    }
}

[GenerateSerializer, Alias("handoff.grains.ReceiptKeyRegistryGrainState")]
public sealed class ReceiptKeyRegistryGrainState
{
    [Id(0)]
    public SortedDictionary<string, ReceiptKeyRecord> Keys { get; set; } = new(StringComparer.Ordinal);
}
