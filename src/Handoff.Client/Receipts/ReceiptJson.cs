using System.Text.Json.Serialization;

namespace Handoff.Client.Receipts;

/// <summary>The JWS header this library writes and reads.</summary>
internal sealed record JwsHeader(
    [property: JsonPropertyName("alg")] string? Alg,
    [property: JsonPropertyName("kid")] string? Kid,
    [property: JsonPropertyName("typ")] string? Typ);

/// <summary>Source-generated JSON for receipts, countersignatures, receipt files and key sets.</summary>
[JsonSourceGenerationOptions(WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JwsHeader))]
[JsonSerializable(typeof(ReceiptContent))]
[JsonSerializable(typeof(Countersignature))]
[JsonSerializable(typeof(ReceiptDocument))]
[JsonSerializable(typeof(ReceiptKeySet))]
internal sealed partial class ReceiptJson : JsonSerializerContext
{
}
