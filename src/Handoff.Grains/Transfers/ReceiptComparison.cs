using Handoff.Contracts.Transfers;

namespace Handoff.Grains.Transfers;

/// <summary>
/// The destination's receipts against the content hashes the studies hold: which instances differ, which were not
/// confirmed, which the destination names but the transfer does not carry. Each list is in ordinal UID order.
/// </summary>
internal sealed class ReceiptComparison
{
    private const int NamedInDetail = 10;

    private ReceiptComparison(List<string> mismatched, List<string> missing, List<string> unexpected)
    {
        Mismatched = mismatched;
        Missing = missing;
        Unexpected = unexpected;
    }

    public List<string> Mismatched { get; }

    public List<string> Missing { get; }

    public List<string> Unexpected { get; }

    public bool Accepted => Mismatched.Count == 0 && Missing.Count == 0 && Unexpected.Count == 0;

    /// <summary>An empty expected hash is an instance not verified yet: nothing a receipt says can match it.</summary>
    public static ReceiptComparison Compare(IReadOnlyDictionary<string, string> expected, IReadOnlyList<InstanceReceipt> receipts)
    {
        var received = new Dictionary<string, string>(StringComparer.Ordinal);
        var contradictory = new HashSet<string>(StringComparer.Ordinal);
        foreach (var receipt in receipts)
        {
            if (receipt?.SopInstanceUid is not { Length: > 0 } uid)
                continue;
            var hash = Sha256Hex.IsValid(receipt.ContentHash) ? Sha256Hex.Normalize(receipt.ContentHash) : "";
            if (received.TryGetValue(uid, out var earlier) && earlier != hash)
                contradictory.Add(uid);
            received[uid] = hash;
        }

        var (mismatched, missing, unexpected) = (new List<string>(), new List<string>(), new List<string>());
        foreach (var (uid, hash) in expected)
        {
            if (!received.TryGetValue(uid, out var got))
                missing.Add(uid);
            else if (hash.Length == 0 || got != hash || contradictory.Contains(uid))
                mismatched.Add(uid);
        }

        foreach (var uid in received.Keys)
        {
            if (!expected.ContainsKey(uid))
                unexpected.Add(uid);
        }

        mismatched.Sort(StringComparer.Ordinal);
        missing.Sort(StringComparer.Ordinal);
        unexpected.Sort(StringComparer.Ordinal);
        return new ReceiptComparison(mismatched, missing, unexpected);
    }

    /// <summary>SHA-256 over the raw content hashes in ordinal SOP Instance UID order: one value that pins the whole receipt.</summary>
    public static string ReceiptHash(IReadOnlyDictionary<string, string> contentHashes)
    {
        var uids = new List<string>(contentHashes.Keys);
        uids.Sort(StringComparer.Ordinal);
        var ordered = new string[uids.Count];
        for (var i = 0; i < ordered.Length; i++)
            ordered[i] = contentHashes[uids[i]];
        return Sha256Hex.OfConcatenated(ordered);
    }

    /// <summary>A timeline detail naming up to ten instances, mismatches first.</summary>
    public string Describe()
    {
        var named = new List<string>(NamedInDetail);
        foreach (var (label, uids) in new[] { ("mismatched", Mismatched), ("missing", Missing), ("unexpected", Unexpected) })
        {
            foreach (var uid in uids)
            {
                if (named.Count == NamedInDetail)
                    break;
                named.Add($"{uid} ({label})");
            }
        }

        var total = Mismatched.Count + Missing.Count + Unexpected.Count;
        var more = total > named.Count ? $" and {total - named.Count} more" : "";
        return $"{Mismatched.Count} mismatched, {Missing.Count} missing, {Unexpected.Count} unexpected: {string.Join(", ", named)}{more}";
    }
}
