using System.Buffers.Binary;
using System.Buffers.Text;
using Handoff.Contracts.Transfers;
using Handoff.Server.Errors;

namespace Handoff.Server.Mapping;

/// <summary>
/// The opaque page_token of ListTransfers: the sort key (<see cref="TransferListPosition"/>) of the last transfer of the
/// previous page, so the next page starts right after it however many transfers arrived meanwhile (an offset would
/// shift). Base64url of a version byte, whether the transfer had ended, its priority, its creation time (ticks) and
/// its id. Anything else is INVALID_ARGUMENT naming page_token.
/// </summary>
public static class TransferPageToken
{
    public const string Field = "page_token";

    private const byte Version = 1;
    private const int Length = 1 + 1 + 1 + 8 + 16;

    /// <summary>The token of the page after <paramref name="last"/>.</summary>
    public static string After(TransferListPosition last)
    {
        Span<byte> token = stackalloc byte[Length];
        token[0] = Version;
        token[1] = last.Ended ? (byte)1 : (byte)0;
        token[2] = checked((byte)last.Priority);
        BinaryPrimitives.WriteInt64BigEndian(token.Slice(3, 8), last.CreatedAt.UtcTicks);
        last.Id.TryWriteBytes(token[11..]);
        return Base64Url.EncodeToString(token);
    }

    /// <summary>The position after which the page starts; null for an empty token (the first page).</summary>
    public static TransferListPosition? Parse(string? token)
    {
        if (string.IsNullOrEmpty(token))
            return null;
        Span<byte> bytes = stackalloc byte[Length];
        if (!TryDecode(token, bytes) || bytes[1] > 1 || !Enum.IsDefined((TransferPriority)bytes[2]))
            throw new InvalidFieldException(Field, $"{Field} is not a page token of ListTransfers; pass next_page_token as returned, or leave it empty for the first page");
        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes.Slice(3, 8));
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
            throw new InvalidFieldException(Field, $"{Field} is not a page token of ListTransfers");
        return new TransferListPosition(bytes[1] == 1, (TransferPriority)bytes[2], new DateTimeOffset(ticks, TimeSpan.Zero), new Guid(bytes[11..]));
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
}
