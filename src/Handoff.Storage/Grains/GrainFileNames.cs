using System.Security.Cryptography;
using System.Text;
using Orleans.Runtime;

namespace Handoff.Storage.Grains;

/// <summary>
/// Turns grain ids and state names into safe, readable file names. Bytes outside <c>[a-z0-9._-]</c> become
/// <c>%XX</c> (so "st-marys/1.2.840" is "st-marys%2F1.2.840"): no separator, no "..", no upper case that a
/// case-insensitive file system would fold into another grain's file, and the mapping is reversible. A name too long
/// for a file system keeps a readable prefix and ends in a hash of the whole escaped name.
/// </summary>
internal static class GrainFileNames
{
    // Most file systems allow 255 bytes per name; leave room for ".state" and a temp suffix.
    private const int MaxEscapedLength = 200;
    private const int ReadablePrefixLength = 140;

    /// <summary>"&lt;type&gt;~&lt;key&gt;": '~' is always escaped inside either part, so the split is unambiguous.</summary>
    public static string ForGrain(GrainId grainId)
    {
        var builder = new StringBuilder(grainId.Type.AsSpan().Length + grainId.Key.AsSpan().Length + 8);
        Escape(grainId.Type.AsSpan(), builder);
        builder.Append('~');
        Escape(grainId.Key.AsSpan(), builder);
        return Shorten(builder.ToString());
    }

    public static string ForStateName(string stateName)
    {
        var builder = new StringBuilder(stateName.Length + 8);
        Escape(Encoding.UTF8.GetBytes(stateName), builder);
        return Shorten(builder.ToString());
    }

    private static void Escape(ReadOnlySpan<byte> utf8, StringBuilder builder)
    {
        for (var i = 0; i < utf8.Length; i++)
        {
            var b = utf8[i];
            var keep = b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'_'
                || (b == (byte)'.' && i > 0);
            if (keep)
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(HexDigit(b >> 4)).Append(HexDigit(b & 0xF));
            }
        }
    }

    private static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'A' + value - 10);

    private static string Shorten(string escaped)
    {
        if (escaped.Length == 0)
        {
            return "%";
        }

        if (escaped.Length <= MaxEscapedLength)
        {
            return escaped;
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(escaped), hash);
        return string.Concat(escaped.AsSpan(0, ReadablePrefixLength), "~~", Convert.ToHexStringLower(hash));
    }
}
