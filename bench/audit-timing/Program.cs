using System.Diagnostics;
using System.Globalization;
using Handoff.AuditTiming;
using Handoff.Protos.V1;
using Handoff.Testing;

// NOT_FOUND for another facility's transfer must take as long as for a transfer that does not exist, or timing tells
// a prober that the transfer exists. Each round makes three GetTransfer calls as a facility that is not a party, in a
// random order: the existing transfer of another facility, a fresh random id, and one fixed id that never existed.
// Usage: dotnet run -c Release --project bench/audit-timing -- [rounds] [--server URL --operator-key-file PATH]
var rounds = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var given) ? given : 3000;
var warmup = Math.Max(100, rounds / 10);
var serverUrl = Option("--server");
var keyFile = Option("--operator-key-file");

// Rounds run back to back, faster than a per-caller rate limit allows: the server it starts has them lifted.
await using var started = serverUrl is null ? await ServerProcess.StartAsync(RateLimits.Lifted) : null;
using var external = serverUrl is null ? null : new ExternalServer(serverUrl, File.ReadAllText(keyFile ?? throw new ArgumentException("--operator-key-file is required with --server")).Trim());
IHandoffServer server = (IHandoffServer?)started ?? external!;
using var files = new TempFolder("audit-timing");

var run = Guid.NewGuid().ToString("N")[..8];
var (owner, _) = await HandoffApi.RegisterFacilityAsync(server, $"owner-{run}");
await HandoffApi.RegisterFacilityAsync(server, $"dest-{run}");
var (prober, _) = await HandoffApi.RegisterFacilityAsync(server, $"prober-{run}");
var chunkSize = (await owner.Uploads.GetUploadParametersAsync(new GetUploadParametersRequest())).ChunkSize;
var study = LocalStudy.Write(files.Combine("study"), seed: 5, slices: 1, chunkSize: chunkSize);
await ChunkUpload.DeclareAsync(owner, study);
var transfer = await owner.Transfers.CreateTransferAsync(new CreateTransferRequest
{
    RequestId = run, DestinationFacilityId = $"dest-{run}", StudyInstanceUids = { study.StudyInstanceUid },
});
var fixedMissing = Guid.NewGuid().ToString();

var foreign = new Latencies("existing, other's");
var missingFresh = new Latencies("missing (fresh id)");
var missingFixed = new Latencies("missing (same id)");
(Latencies Kind, Func<string> Id)[] kinds = [(foreign, () => transfer.Id), (missingFresh, () => Guid.NewGuid().ToString()), (missingFixed, () => fixedMissing)];
Console.WriteLine($"server {server.Address}: {warmup} warm-up rounds, then {rounds} measured rounds of {kinds.Length} interleaved calls");
for (var round = -warmup; round < rounds; round++)
{
    foreach (var (kind, id) in kinds.OrderBy(_ => Random.Shared.Next()))
    {
        var elapsed = await NotFoundAsync(prober, id());
        if (round >= 0)
            kind.Add(elapsed);
    }
}

foreach (var (kind, _) in kinds)
    Console.WriteLine(kind.Summary());
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"median of paired differences: other's − missing (fresh) {foreign.PairedMedianMinus(missingFresh):+0.000;-0.000} ms, other's − missing (same) {foreign.PairedMedianMinus(missingFixed):+0.000;-0.000} ms"));
return 0;

static async Task<double> NotFoundAsync(HandoffApi prober, string transferId)
{
    var start = Stopwatch.GetTimestamp();
    try
    {
        await prober.Transfers.GetTransferAsync(new GetTransferRequest { TransferId = transferId });
    }
    catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
    {
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
    throw new InvalidOperationException($"GetTransfer {transferId} did not answer NOT_FOUND");
}

string? Option(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}
