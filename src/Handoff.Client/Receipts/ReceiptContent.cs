using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Handoff.Client.Receipts;

/// <summary>
/// What the destination facility signs when it acknowledges: the transfer, both facilities, when, every instance's
/// SOP Instance UID and content hash, and (where its gateway delivered) the PACS's acceptance and storage commitment.
/// The payload of its compact JWS, as JSON.
/// </summary>
/// <param name="TransferId">The transfer in the cluster where the destination acknowledged.</param>
/// <param name="SourceFacilityId">The sending facility, as that cluster names it.</param>
/// <param name="DestinationFacilityId">The facility that signs.</param>
/// <param name="SignedAt">When it signed (its own clock; the countersignature carries the cluster's).</param>
/// <param name="ChunkSize">The chunk size the content hashes were computed with.</param>
/// <param name="ReceiptHash">SHA-256 over the raw content hashes in (study, SOP Instance UID) order.</param>
/// <param name="Instances">Every instance confirmed.</param>
/// <param name="Delivery">The PACS the gateway stored into; null when none.</param>
public sealed record ReceiptContent(
    [property: JsonPropertyName("transferId")] string TransferId,
    [property: JsonPropertyName("sourceFacilityId")] string SourceFacilityId,
    [property: JsonPropertyName("destinationFacilityId")] string DestinationFacilityId,
    [property: JsonPropertyName("signedAt")] DateTimeOffset SignedAt,
    [property: JsonPropertyName("chunkSize")] int ChunkSize,
    [property: JsonPropertyName("receiptHash")] string ReceiptHash,
    [property: JsonPropertyName("instances")] IReadOnlyList<ReceiptInstance> Instances,
    [property: JsonPropertyName("delivery")] ReceiptDelivery? Delivery)
{
    /// <summary>The JWS "typ" of a receipt.</summary>
    public const string JwsType = "handoff-receipt+json";

    /// <summary>The payload bytes.</summary>
    /// <returns>UTF-8 JSON.</returns>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, ReceiptJson.Default.ReceiptContent);

    /// <summary>Reads a payload; <see cref="FormatException"/> naming what is missing.</summary>
    /// <param name="json">UTF-8 JSON.</param>
    /// <returns>The content.</returns>
    public static ReceiptContent FromJson(byte[] json)
    {
        ReceiptContent? content;
        try
        {
            content = JsonSerializer.Deserialize(json, ReceiptJson.Default.ReceiptContent);
        }
        catch (JsonException failure)
        {
            throw new FormatException($"the receipt's payload is not a receipt: {failure.Message}");
        }
        if (content is null || string.IsNullOrEmpty(content.TransferId) || string.IsNullOrEmpty(content.DestinationFacilityId)
            || string.IsNullOrEmpty(content.SourceFacilityId) || content.Instances is null || string.IsNullOrEmpty(content.ReceiptHash))
            throw new FormatException("the receipt's payload lacks its transfer, facilities, instances or receipt hash");
        foreach (var instance in content.Instances)
        {
            if (instance is null || string.IsNullOrEmpty(instance.Study) || string.IsNullOrEmpty(instance.Sop) || string.IsNullOrEmpty(instance.Sha256))
                throw new FormatException("the receipt names an instance without its study, SOP Instance UID or content hash");
        }
        return content;
    }

    /// <summary>
    /// SHA-256 over the raw 32-byte content hashes in (study, SOP Instance UID) ordinal order: the server's receipt
    /// hash, recomputable by anyone from the instances alone.
    /// </summary>
    /// <param name="instances">The instances.</param>
    /// <returns>Lowercase hex.</returns>
    public static string ComputeReceiptHash(IEnumerable<ReceiptInstance> instances)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var ordered = instances.ToList();
        ordered.Sort((a, b) =>
        {
            var byStudy = string.CompareOrdinal(a.Study, b.Study);
            return byStudy != 0 ? byStudy : string.CompareOrdinal(a.Sop, b.Sop);
        });
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var instance in ordered)
            sha.AppendData(ParseHash(instance));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>The instance's 32-byte content hash; <see cref="FormatException"/> naming it when it is not one.</summary>
    /// <param name="instance">The instance.</param>
    /// <returns>The raw hash.</returns>
    public static byte[] ParseHash(ReceiptInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (instance.Sha256 is not { Length: 64 })
            throw new FormatException($"instance {instance.Sop}: its content hash is not 64 hex characters");
        try
        {
            return Convert.FromHexString(instance.Sha256);
        }
        catch (FormatException)
        {
            throw new FormatException($"instance {instance.Sop}: its content hash is not hex");
        }
    }
}

/// <summary>One confirmed instance.</summary>
/// <param name="Study">Its Study Instance UID.</param>
/// <param name="Sop">Its SOP Instance UID.</param>
/// <param name="Sha256">Its content hash (SHA-256 over its chunk hashes), lowercase hex.</param>
public sealed record ReceiptInstance(
    [property: JsonPropertyName("study")] string Study,
    [property: JsonPropertyName("sop")] string Sop,
    [property: JsonPropertyName("sha256")] string Sha256);

/// <summary>Where the destination's gateway stored the instances.</summary>
/// <param name="AeTitle">The PACS's AE title.</param>
/// <param name="InstancesStored">Instances it accepted (C-STORE success).</param>
/// <param name="Committed">Whether it confirmed storage commitment.</param>
/// <param name="CommitmentTransactionUid">The storage commitment transaction; empty when none.</param>
public sealed record ReceiptDelivery(
    [property: JsonPropertyName("aeTitle")] string AeTitle,
    [property: JsonPropertyName("instancesStored")] int InstancesStored,
    [property: JsonPropertyName("committed")] bool Committed,
    [property: JsonPropertyName("commitmentTransactionUid")] string CommitmentTransactionUid);
