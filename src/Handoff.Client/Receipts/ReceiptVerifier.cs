using System.Collections.Concurrent;

namespace Handoff.Client.Receipts;

/// <summary>The outcome of checking a receipt: valid or not, and one line saying what it proves or why it does not.</summary>
/// <param name="Valid">True when every signature, binding and (if asked) file checks out.</param>
/// <param name="Summary">One line for a person.</param>
/// <param name="Content">What the facility signed, once its signature was checked; null before.</param>
public sealed record ReceiptVerification(bool Valid, string Summary, ReceiptContent? Content);

/// <summary>
/// Checks a receipt offline, with no server: the facility's signature with a facility key of the trusted set that is
/// registered to the receipt's destination, every countersignature with a cluster key of the set, that each
/// countersignature binds exactly this receipt and its transfer (so a receipt cannot be passed off for another
/// transfer), the receipt hash against the instances, and optionally the files against the content hashes.
/// </summary>
public static class ReceiptVerifier
{
    /// <summary>How far a cluster's countersignature may precede the facility's own clock (clock drift).</summary>
    public static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(15);

    /// <summary>Checks <paramref name="document"/>.</summary>
    /// <param name="document">The receipt file.</param>
    /// <param name="trusted">The keys trusted (registered keys exported from a cluster).</param>
    /// <param name="expectedTransferId">The transfer the receipt must be for; null to take the file's word.</param>
    /// <param name="filesDirectory">A folder whose files must include every instance's bytes; null to skip.</param>
    /// <returns>The outcome.</returns>
    public static ReceiptVerification Verify(ReceiptDocument document, ReceiptKeySet trusted, string? expectedTransferId = null, string? filesDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(trusted);
        ReceiptContent? content = null;
        try
        {
            var (signed, facilityKey) = CheckReceiptSignature(document.Receipt, trusted);
            content = signed;
            var countersigned = CheckCountersignatures(document, content, facilityKey, trusted);
            if (!string.Equals(document.TransferId, countersigned.TransferId, StringComparison.Ordinal))
                throw Invalid($"the file says transfer {document.TransferId}, but its countersignature binds the receipt to transfer {countersigned.TransferId}");
            if (expectedTransferId is not null && !string.Equals(expectedTransferId, document.TransferId, StringComparison.Ordinal))
                throw Invalid($"this is the receipt of transfer {document.TransferId}, not of transfer {expectedTransferId}");
            var files = filesDirectory is null ? "" : "; " + CheckFiles(content, filesDirectory);
            var relayed = document.Countersignatures.Count > 1 ? $" (acknowledged as transfer {content.TransferId} in network {facilityKey.Network}, relayed back)" : " (acknowledged in this cluster)";
            return new ReceiptVerification(true,
                $"valid: transfer {document.TransferId}{relayed}: {content.Instances.Count} instances confirmed by {content.DestinationFacilityId} " +
                $"(key {Short(facilityKey.Kid)}) at {content.SignedAt:yyyy-MM-dd HH:mm:ss}Z, countersigned at {countersigned.CountersignedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z{files}",
                content);
        }
        catch (InvalidReceiptException invalid)
        {
            return new ReceiptVerification(false, invalid.Message, content);
        }
        catch (FormatException malformed)
        {
            return new ReceiptVerification(false, malformed.Message, content);
        }
    }

    private static (ReceiptContent Content, ReceiptPublicKey Key) CheckReceiptSignature(string receiptText, ReceiptKeySet trusted)
    {
        var receipt = CompactJws.Parse(receiptText, "the receipt");
        if (receipt.Type != ReceiptContent.JwsType)
            throw Invalid($"the receipt's typ is \"{receipt.Type}\", not {ReceiptContent.JwsType}");
        var key = trusted.Find(receipt.KeyId)
            ?? throw Invalid($"the receipt is signed with key {Short(receipt.KeyId)}, which is not a registered key");
        if (key.Role != ReceiptPublicKey.FacilityRole)
            throw Invalid($"the receipt is signed with key {Short(key.Kid)}, which is a {key.Role} key, not a facility's");
        using (var publicKey = ReceiptKeys.FromCoordinates(key.X, key.Y))
        {
            if (!receipt.IsSignedBy(publicKey))
                throw Invalid($"the receipt's signature does not match its content: it was changed after {key.Facility} signed it, or not signed with key {Short(key.Kid)}");
        }
        var content = ReceiptContent.FromJson(receipt.Payload);
        if (!string.Equals(key.Facility, content.DestinationFacilityId, StringComparison.Ordinal))
            throw Invalid($"key {Short(key.Kid)} is registered to {key.Facility}, but the receipt is for destination {content.DestinationFacilityId}");
        var seen = new HashSet<(string, string)>();
        foreach (var instance in content.Instances)
        {
            if (!seen.Add((instance.Study, instance.Sop)))
                throw Invalid($"the receipt names instance {instance.Sop} twice");
        }
        if (!string.Equals(ReceiptContent.ComputeReceiptHash(content.Instances), content.ReceiptHash, StringComparison.OrdinalIgnoreCase))
            throw Invalid("the receipt hash does not match the instances' content hashes");
        return (content, key);
    }

    /// <summary>Checks every countersignature and returns the outermost, whose transfer is the file's.</summary>
    private static Countersignature CheckCountersignatures(ReceiptDocument document, ReceiptContent content, ReceiptPublicKey facilityKey, ReceiptKeySet trusted)
    {
        // One countersignature: the destination is a facility of the exporting cluster, which countersigned. Two: it is
        // a facility of a peer network (its key learned from that peer), the peer countersigned first and the exporting
        // cluster last. Anything else would let a peer's keys speak for this cluster's facilities or transfers.
        var count = document.Countersignatures.Count;
        if (count > 2)
            throw Invalid($"the receipt has {count} countersignatures; a receipt has one, or two when a peer network's was relayed back");
        var facilityNetwork = facilityKey.Network ?? "";
        if (count == 1 && facilityNetwork.Length > 0)
            throw Invalid($"the receipt is signed by {content.DestinationFacilityId} of network {facilityNetwork}, but only that network countersigned it, not this cluster");
        if (count == 2 && facilityNetwork.Length == 0)
            throw Invalid($"the receipt is signed by {content.DestinationFacilityId} of this cluster, but carries a peer network's countersignature as well");
        var receiptHash = Countersignature.HashOf(document.Receipt);
        Countersignature? outer = null;
        for (var i = 0; i < document.Countersignatures.Count; i++)
        {
            var what = $"countersignature {i + 1}";
            var jws = CompactJws.Parse(document.Countersignatures[i], what);
            if (jws.Type != Countersignature.JwsType)
                throw Invalid($"{what}'s typ is \"{jws.Type}\", not {Countersignature.JwsType}");
            var key = trusted.Find(jws.KeyId)
                ?? throw Invalid($"{what} is signed with key {Short(jws.KeyId)}, which is not a registered cluster key");
            if (key.Role != ReceiptPublicKey.ClusterRole)
                throw Invalid($"{what} is signed with key {Short(key.Kid)}, which is a {key.Role} key, not a cluster's");
            using (var publicKey = ReceiptKeys.FromCoordinates(key.X, key.Y))
            {
                if (!jws.IsSignedBy(publicKey))
                    throw Invalid($"{what}'s signature does not match its content: it was changed after the cluster signed it");
            }
            var countersigned = Countersignature.FromJson(jws.Payload, what);
            if (!string.Equals(countersigned.ReceiptSha256, receiptHash, StringComparison.OrdinalIgnoreCase))
                throw Invalid($"{what} countersigns another receipt, not this one");
            if (!string.Equals(countersigned.ReceiptTransferId, content.TransferId, StringComparison.Ordinal))
                throw Invalid($"{what} is for a receipt of transfer {countersigned.ReceiptTransferId}, but the receipt is for {content.TransferId}");
            if (i == 0)
            {
                if (!string.Equals(countersigned.TransferId, content.TransferId, StringComparison.Ordinal))
                    throw Invalid($"{what} binds the receipt to transfer {countersigned.TransferId}, but the receipt is for {content.TransferId}");
                if (!string.Equals(key.Network ?? "", facilityKey.Network ?? "", StringComparison.Ordinal))
                    throw Invalid($"{what} was made by another cluster than the one {content.DestinationFacilityId}'s key is registered in");
                if (countersigned.CountersignedAt < content.SignedAt - AllowedClockSkew)
                    throw Invalid($"{what} is dated before the receipt was signed");
            }
            else if ((key.Network ?? "").Length > 0)
            {
                throw Invalid($"{what} was made by network {key.Network}, not by this cluster");
            }
            outer = countersigned;
        }
        return outer ?? throw Invalid("the receipt has no countersignature");
    }

    private static string CheckFiles(ReceiptContent content, string directory)
    {
        if (!Directory.Exists(directory))
            throw Invalid($"{directory}: no such directory");
        if (content.ChunkSize <= 0)
            throw Invalid("the receipt does not say the chunk size its content hashes were computed with");
        var present = new ConcurrentDictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).ToList();
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount) }, path =>
            present[Convert.ToHexStringLower(InstanceHasher.HashFile(path, content.ChunkSize).ContentHash)] = true);
        var matched = 0;
        foreach (var instance in content.Instances)
        {
            if (!present.ContainsKey(instance.Sha256))
                throw Invalid($"instance {instance.Sop} (study {instance.Study}): no file in {directory} has its content hash {instance.Sha256[..12]}…; {matched} of {content.Instances.Count} matched before it");
            matched++;
        }
        return $"all {matched} instances' bytes found in {directory}";
    }

    private static string Short(string kid) => kid.Length > 12 ? kid[..12] + "…" : kid;

    private static InvalidReceiptException Invalid(string reason) => new(reason);

    private sealed class InvalidReceiptException(string message) : Exception(message);
}
