using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Handoff.Client.Receipts;

// Usage: dotnet run -c Release --project bench/receipts -- [RUNS]
// For receipts of 1,000 / 10,000 / 50,000 instances: the facility signing (build the payload, hash, sign), checking
// the signature and reading the payload back (what the server does before it countersigns), and a full offline
// verification against a key set (what `handoff receipt verify` does without --files). Medians of RUNS (default 9).
var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 9;
using var facility = ECDsa.Create(ECCurve.NamedCurves.nistP256);
using var cluster = ECDsa.Create(ECCurve.NamedCurves.nistP256);
var facilityKid = ReceiptKeys.Thumbprint(facility);
var clusterKid = ReceiptKeys.Thumbprint(cluster);
var keys = new ReceiptKeySet([Key(facility, facilityKid, ReceiptPublicKey.FacilityRole, "riverside"), Key(cluster, clusterKid, ReceiptPublicKey.ClusterRole, null)]);

Console.WriteLine("instances  receipt-bytes  sign-ms  check-ms  verify-ms");
foreach (var count in new[] { 1_000, 10_000, 50_000 })
{
    var instances = Enumerable.Range(0, count).Select(i => new ReceiptInstance(
        "1.2.826.0.1.3680043.8.498.10000000000000000000000000000001",
        $"1.2.826.0.1.3680043.8.498.{i:D12}.{i % 97:D4}.{i:D10}",
        Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(i))))).ToList();
    var transferId = Guid.NewGuid().ToString();
    string receipt = "";
    var sign = Median(runs, () =>
    {
        var content = new ReceiptContent(transferId, "st-marys", "riverside", DateTimeOffset.UtcNow, 1 << 20, ReceiptContent.ComputeReceiptHash(instances), instances, null);
        receipt = CompactJws.Sign(facility, facilityKid, ReceiptContent.JwsType, content.ToJson());
    });
    var check = Median(runs, () =>
    {
        var jws = CompactJws.Parse(receipt, "the receipt");
        if (!jws.IsSignedBy(facility))
            throw new InvalidOperationException("signature");
        var content = ReceiptContent.FromJson(jws.Payload);
        if (ReceiptContent.ComputeReceiptHash(content.Instances) != content.ReceiptHash)
            throw new InvalidOperationException("hash");
    });
    var countersignature = CompactJws.Sign(cluster, clusterKid, Countersignature.JwsType, Countersignature.Of(transferId, transferId, receipt, DateTimeOffset.UtcNow).ToJson());
    var document = new ReceiptDocument(ReceiptDocument.CurrentFormat, transferId, receipt, [countersignature]);
    var verify = Median(runs, () =>
    {
        var result = ReceiptVerifier.Verify(document, keys, transferId);
        if (!result.Valid)
            throw new InvalidOperationException(result.Summary);
    });
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count,9}  {receipt.Length,13}  {sign,7:F1}  {check,8:F1}  {verify,9:F1}"));
}

static double Median(int runs, Action action)
{
    action(); // warm-up
    var times = new List<double>();
    for (var i = 0; i < runs; i++)
    {
        var watch = Stopwatch.StartNew();
        action();
        times.Add(watch.Elapsed.TotalMilliseconds);
    }
    times.Sort();
    return times[times.Count / 2];
}

static ReceiptPublicKey Key(ECDsa key, string kid, string role, string? facility)
{
    var (x, y) = ReceiptKeys.Coordinates(key);
    return new ReceiptPublicKey("EC", "P-256", x, y, kid, "sig", role, facility, null, null);
}
