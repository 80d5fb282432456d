using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Handoff.Protos.V1;

namespace Handoff.Client;

/// <summary>
/// Deterministic request ids. The server answers a repeated request id with the result of the first request, so
/// an id derived from what is being asked (not a random one) is what makes a rerun after a crash resume the same
/// transfer instead of starting a second one.
/// </summary>
internal static class RequestIds
{
    /// <summary>
    /// The transfer of the inputs with these fingerprints to <paramref name="destination"/>. Fingerprints are sorted
    /// first, so the listing order does not matter. The generation is bumped when the transfer the id names has
    /// ended (acknowledged, cancelled, expired, failed) and the user sends the same inputs again.
    /// </summary>
    public static string ForSend(string destination, IEnumerable<string> fingerprints, int generation)
    {
        var sorted = new List<string>(fingerprints);
        sorted.Sort(StringComparer.Ordinal);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, "handoff/send/v1");
        Append(hash, destination);
        Append(hash, generation.ToString(CultureInfo.InvariantCulture));
        foreach (var fingerprint in sorted)
            Append(hash, fingerprint);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// The transfer of an upload that names its own work (a relay: "the transfer with this id in my network"; a
    /// gateway: "this association's studies"), so that a rerun after a crash finds the transfer it created.
    /// </summary>
    public static string ForWork(string destination, string workKey) => Derive("handoff/work/v1", destination, workKey);

    /// <summary>Adding one study to the transfer created with <paramref name="transferRequestId"/>.</summary>
    public static string ForAddStudy(string transferRequestId, string studyInstanceUid) =>
        Derive("handoff/add-study/v1", transferRequestId, studyInstanceUid);

    /// <summary>
    /// Acknowledging a transfer with this receipt (instances and their content hashes, any order) and, when given, this
    /// PACS delivery: another PACS or commitment is another request. The delivery's time is left out, so reporting the
    /// same delivery again is the same request. Without a delivery the id is the one acknowledgements always had.
    /// </summary>
    public static string ForAcknowledge(string transferId, IEnumerable<ReceiptEntry> receipt, PacsDelivery? delivery = null)
    {
        var lines = new List<string>();
        foreach (var entry in receipt)
            lines.Add(entry.StudyInstanceUid + "/" + entry.SopInstanceUid + "=" + Convert.ToHexStringLower(entry.ContentHash));
        lines.Sort(StringComparer.Ordinal);
        if (delivery is null)
            return Derive(["handoff/acknowledge/v2", transferId, .. lines]);
        // After the sorted lines, which all contain '=', so a delivery line cannot be taken for an instance.
        return Derive(["handoff/acknowledge/v2", transferId, .. lines, "delivery", delivery.AeTitle,
            delivery.InstancesStored.ToString(CultureInfo.InvariantCulture), delivery.Committed ? "committed" : "not committed",
            delivery.CommitmentTransactionUid]);
    }

    private static string Derive(params string[] parts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var part in parts)
            Append(hash, part);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    // Each part ends with a newline, which no UID, slug or fingerprint contains, so ("ab","c") and ("a","bc") differ.
    private static void Append(IncrementalHash hash, string part)
    {
        hash.AppendData(Encoding.UTF8.GetBytes(part));
        hash.AppendData("\n"u8);
    }
}
