using Handoff.Contracts.Hashing;
using Handoff.Contracts.Transfers;

namespace Handoff.Grains.Transfers;

/// <summary>
/// The destination's receipts against the content hashes the studies hold: which instances differ, which were not
/// confirmed, which the destination names but the transfer does not carry. An instance is (study, SOP instance):
/// one SOP Instance UID in two studies is two instances, and each needs its own receipt. Each list is in
/// <see cref="InstanceKey"/> order.
/// </summary>
internal sealed class ReceiptComparison
{
    private const int NamedInDetail = 10;

    private ReceiptComparison(List<InstanceKey> mismatched, List<InstanceKey> missing, List<InstanceKey> unexpected)
    {
        Mismatched = mismatched;
        Missing = missing;
        Unexpected = unexpected;
    }

    public List<InstanceKey> Mismatched { get; }

    public List<InstanceKey> Missing { get; }

    public List<InstanceKey> Unexpected { get; }

    public bool Accepted => Mismatched.Count == 0 && Missing.Count == 0 && Unexpected.Count == 0;

    /// <summary>An empty expected hash is an instance not verified yet: nothing a receipt says can match it.</summary>
    public static ReceiptComparison Compare(IReadOnlyDictionary<InstanceKey, string> expected, IReadOnlyList<InstanceReceipt> receipts)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(receipts);
        var bySop = IndexBySop(expected.Keys);
        var received = new Dictionary<InstanceKey, string>();
        var contradictory = new HashSet<InstanceKey>();
        foreach (var receipt in receipts)
        {
            if (receipt?.SopInstanceUid is not { Length: > 0 } uid)
                continue;
            var key = Resolve(receipt, uid, bySop);
            var hash = Sha256Hex.IsValid(receipt.ContentHash) ? Sha256Hex.Normalize(receipt.ContentHash) : "";
            if (received.TryGetValue(key, out var earlier) && earlier != hash)
                contradictory.Add(key);
            received[key] = hash;
        }

        var (mismatched, missing, unexpected) = (new List<InstanceKey>(), new List<InstanceKey>(), new List<InstanceKey>());
        foreach (var (key, hash) in expected)
        {
            if (!received.TryGetValue(key, out var got))
                missing.Add(key);
            else if (hash.Length == 0 || got != hash || contradictory.Contains(key))
                mismatched.Add(key);
        }

        foreach (var key in received.Keys)
        {
            if (!expected.ContainsKey(key))
                unexpected.Add(key);
        }

        mismatched.Sort();
        missing.Sort();
        unexpected.Sort();
        return new ReceiptComparison(mismatched, missing, unexpected);
    }

    /// <summary>
    /// SHA-256 over the raw content hashes in <see cref="InstanceKey"/> order (study, then SOP Instance UID): one value
    /// that pins the whole receipt.
    /// </summary>
    public static string ReceiptHash(IReadOnlyDictionary<InstanceKey, string> contentHashes)
    {
        ArgumentNullException.ThrowIfNull(contentHashes);
        var keys = new List<InstanceKey>(contentHashes.Keys);
        keys.Sort();
        var ordered = new string[keys.Count];
        for (var i = 0; i < ordered.Length; i++)
            ordered[i] = contentHashes[keys[i]];
        return Sha256Hex.OfConcatenated(ordered);
    }

    /// <summary>A timeline detail naming up to ten instances, mismatches first.</summary>
    public string Describe()
    {
        var named = new List<string>(NamedInDetail);
        foreach (var (label, keys) in new[] { ("mismatched", Mismatched), ("missing", Missing), ("unexpected", Unexpected) })
        {
            foreach (var key in keys)
            {
                if (named.Count == NamedInDetail)
                    break;
                named.Add($"{key.SopInstanceUid} ({label})");
            }
        }

        var total = Mismatched.Count + Missing.Count + Unexpected.Count;
        var more = total > named.Count ? $" and {total - named.Count} more" : "";
        return $"{Mismatched.Count} mismatched, {Missing.Count} missing, {Unexpected.Count} unexpected: {string.Join(", ", named)}{more}";
    }

    /// <summary>
    /// A receipt naming its study is that instance. One without (an older client) is the transfer's only instance with
    /// that SOP Instance UID; when two studies share the UID it names neither, so both stay unconfirmed.
    /// </summary>
    private static InstanceKey Resolve(InstanceReceipt receipt, string sopInstanceUid, Dictionary<string, List<InstanceKey>> bySop)
    {
        if (!string.IsNullOrEmpty(receipt.StudyInstanceUid))
            return new InstanceKey(receipt.StudyInstanceUid, sopInstanceUid);
        return bySop.TryGetValue(sopInstanceUid, out var keys) && keys.Count == 1 ? keys[0] : new InstanceKey("", sopInstanceUid);
    }

    private static Dictionary<string, List<InstanceKey>> IndexBySop(IEnumerable<InstanceKey> keys)
    {
        var bySop = new Dictionary<string, List<InstanceKey>>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (!bySop.TryGetValue(key.SopInstanceUid, out var list))
                bySop[key.SopInstanceUid] = list = [];
            list.Add(key);
        }

        return bySop;
    }
}
