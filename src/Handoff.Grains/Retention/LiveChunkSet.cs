using System.Globalization;

namespace Handoff.Grains.Retention;

/// <summary>
/// The chunk hashes some study still uses, held as their first 128 bits: a million chunks (a terabyte) take tens of
/// megabytes instead of hundreds as strings. Two hashes sharing a prefix only make a chunk look used, which keeps it:
/// the set can err toward keeping, never toward deleting.
/// </summary>
public sealed class LiveChunkSet
{
    private const int PrefixChars = 32;

    private readonly HashSet<UInt128> _prefixes = [];

    public int Count => _prefixes.Count;

    public void Add(string hash)
    {
        if (TryPrefix(hash, out var prefix))
            _prefixes.Add(prefix);
    }

    /// <summary>True for a hash in the set, and for anything that is not a hash at all: what cannot be read is kept.</summary>
    public bool Contains(string hash) => !TryPrefix(hash, out var prefix) || _prefixes.Contains(prefix);

    private static bool TryPrefix(string? hash, out UInt128 prefix)
    {
        prefix = default;
        return hash is { Length: >= PrefixChars }
            && UInt128.TryParse(hash.AsSpan(0, PrefixChars), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out prefix);
    }
}
