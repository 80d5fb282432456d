using System.Text.Json;
using System.Text.Json.Serialization;
using Handoff.Protos.V1;

namespace Handoff.Client.Receipts;

/// <summary>
/// The public keys a verifier trusts, as a JWK Set (RFC 7517) with Handoff's own members saying whose each key is:
/// what `handoff receipt keys --out FILE` exports from a cluster and `handoff receipt verify --keys FILE` reads.
/// </summary>
/// <param name="Keys">The keys.</param>
public sealed record ReceiptKeySet([property: JsonPropertyName("keys")] IReadOnlyList<ReceiptPublicKey> Keys)
{
    /// <summary>The largest key file read.</summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;

    private static readonly JsonSerializerOptions Indented = new(ReceiptJson.Default.Options) { WriteIndented = true };

    /// <summary>The key set of keys a server listed.</summary>
    /// <param name="keys">The server's keys.</param>
    /// <returns>The set.</returns>
    public static ReceiptKeySet From(IEnumerable<ReceiptKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var list = new List<ReceiptPublicKey>();
        foreach (var key in keys)
        {
            using var publicKey = ReceiptKeys.ImportPublicKey(key.PublicKey.Span);
            var (x, y) = ReceiptKeys.Coordinates(publicKey);
            list.Add(new ReceiptPublicKey("EC", "P-256", x, y, key.Kid, "sig",
                key.Role == ReceiptKeyRole.Cluster ? ReceiptPublicKey.ClusterRole : ReceiptPublicKey.FacilityRole,
                key.FacilityId, key.Network, key.RegisteredAt?.ToDateTimeOffset()));
        }
        return new ReceiptKeySet(list);
    }

    /// <summary>The key with this id, or null.</summary>
    /// <param name="kid">The id.</param>
    /// <returns>The key.</returns>
    public ReceiptPublicKey? Find(string kid) => Keys.FirstOrDefault(key => string.Equals(key.Kid, kid, StringComparison.Ordinal));

    /// <summary>Writes the file (indented JSON).</summary>
    /// <param name="path">Where.</param>
    public void Save(string path) => File.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(this, Indented));

    /// <summary>Reads a file; <see cref="FormatException"/> saying why it is not a key set.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The set.</returns>
    public static ReceiptKeySet Load(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
            throw new FileNotFoundException($"{path}: no such file", path);
        if (info.Length > MaxFileBytes)
            throw new FormatException($"{path} is larger than {MaxFileBytes} bytes");
        ReceiptKeySet? set;
        try
        {
            set = JsonSerializer.Deserialize(File.ReadAllBytes(path), ReceiptJson.Default.ReceiptKeySet);
        }
        catch (JsonException)
        {
            throw new FormatException($"{path} is not a key set (not JSON)");
        }
        if (set?.Keys is null)
            throw new FormatException($"{path} is not a key set (no \"keys\")");
        return set;
    }
}

/// <summary>One trusted public key: a JWK (EC, P-256) with whose it is.</summary>
/// <param name="Kty">"EC".</param>
/// <param name="Crv">"P-256".</param>
/// <param name="X">The x coordinate, base64url.</param>
/// <param name="Y">The y coordinate, base64url.</param>
/// <param name="Kid">The RFC 7638 thumbprint.</param>
/// <param name="Use">"sig".</param>
/// <param name="Role">"facility" or "cluster".</param>
/// <param name="Facility">The facility it signs for (facility keys).</param>
/// <param name="Network">The peer network it was learned from; empty for the exporting cluster's own keys.</param>
/// <param name="RegisteredAt">When it was registered.</param>
public sealed record ReceiptPublicKey(
    [property: JsonPropertyName("kty")] string Kty,
    [property: JsonPropertyName("crv")] string Crv,
    [property: JsonPropertyName("x")] string X,
    [property: JsonPropertyName("y")] string Y,
    [property: JsonPropertyName("kid")] string Kid,
    [property: JsonPropertyName("use")] string Use,
    [property: JsonPropertyName("handoff_role")] string Role,
    [property: JsonPropertyName("handoff_facility")] string? Facility,
    [property: JsonPropertyName("handoff_network")] string? Network,
    [property: JsonPropertyName("handoff_registered_at")] DateTimeOffset? RegisteredAt)
{
    /// <summary>The role of a facility's key.</summary>
    public const string FacilityRole = "facility";

    /// <summary>The role of a cluster's countersigning key.</summary>
    public const string ClusterRole = "cluster";
}
