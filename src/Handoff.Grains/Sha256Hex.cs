using System.Buffers;
using System.Security.Cryptography;
using Handoff.Contracts.Errors;

namespace Handoff.Grains;

/// <summary>SHA-256 values as 64 lowercase hex characters, the form chunk keys and content hashes take everywhere.</summary>
internal static class Sha256Hex
{
    public const int Length = 64;

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    public static bool IsValid(string? value) =>
        value is { Length: Length } && !value.AsSpan().ContainsAnyExcept(HexDigits);

    /// <summary>Lowercase without allocating when the value already is (the usual case).</summary>
    public static string Normalize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        foreach (var c in value)
        {
            if (c is >= 'A' and <= 'F')
                return value.ToLowerInvariant();
        }

        return value;
    }

    /// <summary>
    /// SHA-256 over the raw 32-byte values of <paramref name="hashes"/>, in order. This is an instance's content hash
    /// (over its chunk hashes) and an acknowledgement's receipt hash (over content hashes): hashing the raw bytes
    /// rather than the hex text is what lets anyone holding the hashes recompute it the same way.
    /// </summary>
    public static string OfConcatenated(IEnumerable<string> hashes)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> raw = stackalloc byte[32];
        foreach (var hash in hashes)
        {
            if (!IsValid(hash) || Convert.FromHexString(hash, raw, out _, out _) != OperationStatus.Done)
                throw new FormatException($"{InputEcho.Quote(hash)} is not a SHA-256 hex value");
            sha.AppendData(raw);
        }

        Span<byte> digest = stackalloc byte[32];
        sha.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest);
    }
}
