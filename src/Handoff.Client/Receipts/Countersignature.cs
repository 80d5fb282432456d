using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Handoff.Client.Receipts;

/// <summary>
/// A cluster's countersignature over a facility's receipt: it binds the receipt (by the SHA-256 of its exact compact
/// JWS) to a transfer of that cluster at the cluster's time. The cluster where the destination acknowledged signs
/// one; across federation, the cluster of origin adds one binding its own transfer id to the peer's.
/// </summary>
/// <param name="TransferId">The transfer in the countersigning cluster.</param>
/// <param name="ReceiptTransferId">The transfer the receipt itself names (equal to <paramref name="TransferId"/> where it was acknowledged).</param>
/// <param name="ReceiptSha256">SHA-256 of the receipt's compact JWS text, lowercase hex.</param>
/// <param name="CountersignedAt">The cluster's time.</param>
public sealed record Countersignature(
    [property: JsonPropertyName("transferId")] string TransferId,
    [property: JsonPropertyName("receiptTransferId")] string ReceiptTransferId,
    [property: JsonPropertyName("receiptSha256")] string ReceiptSha256,
    [property: JsonPropertyName("countersignedAt")] DateTimeOffset CountersignedAt)
{
    /// <summary>The JWS "typ" of a countersignature.</summary>
    public const string JwsType = "handoff-countersignature+json";

    /// <summary>A countersignature of <paramref name="receipt"/> for <paramref name="transferId"/>, now.</summary>
    /// <param name="transferId">The transfer in the countersigning cluster.</param>
    /// <param name="receiptTransferId">The transfer the receipt names.</param>
    /// <param name="receipt">The receipt's compact JWS.</param>
    /// <param name="at">The cluster's time.</param>
    /// <returns>The content to sign.</returns>
    public static Countersignature Of(string transferId, string receiptTransferId, string receipt, DateTimeOffset at) =>
        new(transferId, receiptTransferId, HashOf(receipt), at);

    /// <summary>SHA-256 of a compact JWS's text, lowercase hex.</summary>
    /// <param name="compactJws">The text.</param>
    /// <returns>The hash.</returns>
    public static string HashOf(string compactJws) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(compactJws)));

    /// <summary>The payload bytes.</summary>
    /// <returns>UTF-8 JSON.</returns>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, ReceiptJson.Default.Countersignature);

    /// <summary>Reads a payload; <see cref="FormatException"/> when it is not a countersignature.</summary>
    /// <param name="json">UTF-8 JSON.</param>
    /// <param name="what">What it is, for the message.</param>
    /// <returns>The content.</returns>
    public static Countersignature FromJson(byte[] json, string what)
    {
        Countersignature? content;
        try
        {
            content = JsonSerializer.Deserialize(json, ReceiptJson.Default.Countersignature);
        }
        catch (JsonException)
        {
            throw new FormatException($"{what}'s payload is not a countersignature");
        }
        if (content is null || string.IsNullOrEmpty(content.TransferId) || string.IsNullOrEmpty(content.ReceiptTransferId) || string.IsNullOrEmpty(content.ReceiptSha256))
            throw new FormatException($"{what}'s payload lacks its transfer or receipt hash");
        return content;
    }
}
