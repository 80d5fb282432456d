using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Handoff.Server.Security;

/// <summary>
/// Remembers recent successful facility key verifications for a few seconds, so a chunk stream does not ask the
/// facility grain once per call. Entries are keyed by the SHA-256 of the key, never the key itself, and are evicted
/// at once when this server rotates or disables the facility's key. Another server's cache may accept an old key
/// for at most <see cref="Lifetime"/> after a rotation there.
/// </summary>
public sealed class FacilityKeyCache
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public FacilityKeyCache(TimeProvider time)
    {
        _time = time;
    }

    public bool IsVerified(string apiKey, string facilityId)
    {
        var fingerprint = Fingerprint(apiKey);
        if (!_entries.TryGetValue(fingerprint, out var entry))
            return false;
        if (entry.ExpiresAt > _time.GetUtcNow() && string.Equals(entry.FacilityId, facilityId, StringComparison.Ordinal))
            return true;
        _entries.TryRemove(new KeyValuePair<string, Entry>(fingerprint, entry));
        return false;
    }

    public void Remember(string apiKey, string facilityId)
    {
        PruneExpired();
        _entries[Fingerprint(apiKey)] = new Entry(facilityId, _time.GetUtcNow() + Lifetime);
    }

    /// <summary>Forgets every key of the facility: called when its key is rotated or it is disabled.</summary>
    public void Evict(string facilityId)
    {
        foreach (var pair in _entries)
        {
            if (string.Equals(pair.Value.FacilityId, facilityId, StringComparison.Ordinal))
                _entries.TryRemove(pair);
        }
    }

    private void PruneExpired()
    {
        // Cheap enough: the cache holds one entry per active key, a handful per facility.
        var now = _time.GetUtcNow();
        foreach (var pair in _entries)
        {
            if (pair.Value.ExpiresAt <= now)
                _entries.TryRemove(pair);
        }
    }

    private static string Fingerprint(string apiKey) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));

    private sealed record Entry(string FacilityId, DateTimeOffset ExpiresAt);
}
