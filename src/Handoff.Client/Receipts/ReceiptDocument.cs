using System.Text.Json;
using System.Text.Json.Serialization;
using Handoff.Protos.V1;

namespace Handoff.Client.Receipts;

/// <summary>
/// A signed receipt as a file (`handoff receipt TRANSFER --out FILE`): the destination's compact JWS exactly as it
/// signed it, and the clusters' countersignatures, innermost first. The JWS parts are the proof; the rest is a label
/// that verification checks against them.
/// </summary>
/// <param name="Format">Always <see cref="CurrentFormat"/>.</param>
/// <param name="TransferId">The transfer in the cluster the file came from.</param>
/// <param name="Receipt">The facility's compact JWS.</param>
/// <param name="Countersignatures">The clusters' compact JWS countersignatures.</param>
public sealed record ReceiptDocument(
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("transferId")] string TransferId,
    [property: JsonPropertyName("receipt")] string Receipt,
    [property: JsonPropertyName("countersignatures")] IReadOnlyList<string> Countersignatures)
{
    /// <summary>The format this library writes and reads.</summary>
    public const string CurrentFormat = "handoff-signed-receipt/1";

    /// <summary>The largest receipt file read.</summary>
    public const long MaxFileBytes = 256L * 1024 * 1024;

    private static readonly JsonSerializerOptions Indented = new(ReceiptJson.Default.Options) { WriteIndented = true };

    /// <summary>The document of a receipt the server returned.</summary>
    /// <param name="receipt">The server's answer.</param>
    /// <returns>The document.</returns>
    public static ReceiptDocument From(SignedReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        return new ReceiptDocument(CurrentFormat, receipt.TransferId, receipt.Receipt, [.. receipt.Countersignatures]);
    }

    /// <summary>Writes the file (indented JSON).</summary>
    /// <param name="path">Where.</param>
    public void Save(string path) => File.WriteAllBytes(path, ToJson());

    /// <summary>The file's bytes (indented JSON).</summary>
    /// <returns>UTF-8 JSON.</returns>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Indented);

    /// <summary>Reads a file; <see cref="FormatException"/> saying why it is not a receipt.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The document.</returns>
    public static ReceiptDocument Load(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
            throw new FileNotFoundException($"{path}: no such file", path);
        if (info.Length > MaxFileBytes)
            throw new FormatException($"{path} is larger than {MaxFileBytes} bytes");
        ReceiptDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(File.ReadAllBytes(path), ReceiptJson.Default.ReceiptDocument);
        }
        catch (JsonException)
        {
            throw new FormatException($"{path} is not a receipt file (not JSON)");
        }
        if (document is null || document.Format != CurrentFormat)
            throw new FormatException($"{path} is not a receipt file (format is not {CurrentFormat})");
        if (string.IsNullOrEmpty(document.Receipt) || document.Countersignatures is not { Count: > 0 })
            throw new FormatException($"{path} lacks the receipt or its countersignatures");
        return document;
    }
}
