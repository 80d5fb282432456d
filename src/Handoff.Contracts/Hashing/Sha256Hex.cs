using System.Buffers;
using System.Security.Cryptography;
using Handoff.Contracts.Errors;

namespace Handoff.Contracts.Hashing;

/// <summary>
/// SHA-256 values as text: 64 hex characters, accepted in either case and always kept (stored, compared, keyed) in
/// lowercase. The one home of that rule and of the content-hash rule (<see cref="OfConcatenated"/>) for grains and
/// server alike.
/// </summary>
public static class Sha256Hex
{
    /// <summary>Hex characters of one SHA-256 value.</summary>
    public const int Length = 64;

    /// <summary>Bytes of one SHA-256 value.</summary>
    public const int ByteLength = 32;

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>64 hex characters, upper or lower case (or mixed).</summary>
    public static bool IsValid(string? value) =>
        value is { Length: Length } && !value.AsSpan().ContainsAnyExcept(HexDigits);

    /// <summary>Lowercase, without allocating when the value already is (the usual case).</summary>
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

    /// <summary>The same SHA-256 value, whatever the case of either; false when either is not one.</summary>
    public static bool SameValue(string? first, string? second) =>
        IsValid(first) && IsValid(second) && string.Equals(first, second, StringComparison.OrdinalIgnoreCase);

    /// <summary>The lowercase hex of 32 raw bytes; <see cref="ArgumentException"/> for any other length.</summary>
    public static string FromBytes(ReadOnlySpan<byte> hash)
    {
        if (hash.Length != ByteLength)
            throw new ArgumentException($"a SHA-256 is {ByteLength} bytes, not {hash.Length}", nameof(hash));
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>The 32 raw bytes of a valid value; <see cref="FormatException"/> for anything else.</summary>
    public static byte[] ToBytes(string value)
    {
        if (!IsValid(value))
            throw new FormatException($"{InputEcho.Quote(value)} is not a SHA-256 in {Length} hex characters");
        return Convert.FromHexString(value);
    }

    /// <summary>
    /// SHA-256 over the raw 32-byte values of <paramref name="hashes"/>, in order, as lowercase hex. This is an
    /// instance's content hash (over its chunk hashes) and an acknowledgement's receipt hash (over content hashes):
    /// hashing the raw bytes rather than the hex text is what lets anyone holding the hashes recompute it the same way,
    /// whatever case they write them in.
    /// </summary>
    public static string OfConcatenated(IEnumerable<string> hashes)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> raw = stackalloc byte[ByteLength];
        foreach (var hash in hashes)
        {
            if (!IsValid(hash) || Convert.FromHexString(hash, raw, out _, out _) != OperationStatus.Done)
                throw new FormatException($"{InputEcho.Quote(hash)} is not a SHA-256 hex value");
            sha.AppendData(raw);
        }

        Span<byte> digest = stackalloc byte[ByteLength];
        sha.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest);
    }
}
