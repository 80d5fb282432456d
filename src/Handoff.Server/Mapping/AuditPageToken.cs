using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Handoff.Server.Errors;

namespace Handoff.Server.Mapping;

/// <summary>
/// The opaque page_token of ListAuditEvents: which log it pages and the sequence number the next page starts below.
/// Base64url of a version byte, 8 bytes of a hash of the log's name, and the sequence (big-endian). A token of
/// another log, or anything else, is INVALID_ARGUMENT naming page_token; a client learns nothing from one beyond the
/// position in a log it may read anyway.
/// </summary>
public static class AuditPageToken
{
    public const string Field = "page_token";

    private const byte Version = 1;
    private const int Length = 1 + 8 + 8;

    public static string Create(string log, long beforeSequence)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentOutOfRangeException.ThrowIfNegative(beforeSequence);
        Span<byte> token = stackalloc byte[Length];
        token[0] = Version;
        LogHash(log, token.Slice(1, 8));
        BinaryPrimitives.WriteInt64BigEndian(token[9..], beforeSequence);
        return Base64Url.EncodeToString(token);
    }

    /// <summary>The sequence the page starts below; null for an empty token (the first page).</summary>
    public static long? Parse(string? token, string log)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (string.IsNullOrEmpty(token))
            return null;
        Span<byte> bytes = stackalloc byte[Length];
        if (!TryDecode(token, bytes))
            throw new InvalidFieldException(Field, $"{Field} is not a page token of ListAuditEvents; pass next_page_token as returned, or leave it empty for the first page");
        Span<byte> expected = stackalloc byte[8];
        LogHash(log, expected);
        if (!bytes.Slice(1, 8).SequenceEqual(expected))
            throw new InvalidFieldException(Field, $"{Field} belongs to another audit log; pass it with the same facility_id (and key) it was returned for");
        var before = BinaryPrimitives.ReadInt64BigEndian(bytes[9..]);
        if (before < 0)
            throw new InvalidFieldException(Field, $"{Field} is not a page token of ListAuditEvents");
        return before;
    }

    private static bool TryDecode(string token, Span<byte> into)
    {
        try
        {
            return token.Length <= 64 && Base64Url.TryDecodeFromChars(token, into, out var written) && written == Length && into[0] == Version;
        }
        catch (FormatException)
        {
            return false; // not base64url at all
        }
    }

    private static void LogHash(string log, Span<byte> into)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes("handoff.audit-page/" + log), hash);
        hash[..into.Length].CopyTo(into);
    }
}
