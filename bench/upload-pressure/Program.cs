using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Google.Protobuf;
using Handoff.Protos.V1;
using Handoff.Testing;

// Two pressures a hostile facility can put on a server, measured on a real server process:
//  1. a study declared in batches of instances: how long each batch takes as the study grows;
//  2. many upload streams that send their header and then nothing: the server's resident memory while they are open.
// Usage: dotnet run -c Release --project bench/upload-pressure -- [instances] [batch] [streams]
//        [--server URL --operator-key KEY --pid PID]   (a server started elsewhere, e.g. an older build, to compare)
var numbers = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
var instances = numbers.Length > 0 ? numbers[0] : 50_000;
var batch = numbers.Length > 1 ? numbers[1] : 1_000;
var streams = numbers.Length > 2 ? numbers[2] : 200;
var external = Option("--server");

ServerProcess? owned = null;
ExternalServer? elsewhere = null;
IHandoffServer server;
int pid;
if (external is not null)
{
    server = elsewhere = new ExternalServer(external, Option("--operator-key") ?? throw new ArgumentException("--operator-key is required with --server"));
    pid = int.Parse(Option("--pid") ?? throw new ArgumentException("--pid is required with --server"), CultureInfo.InvariantCulture);
}
else
{
    owned = await ServerProcess.StartAsync(new ServerSettings
    {
        ChunkSize = null, // the server's own 1 MiB
        Arguments = ["--Handoff:RateLimit:MaxConcurrentStreams=100000", "--Handoff:RateLimit:CallsPerSecond=100000", "--Handoff:RateLimit:Burst=100000"],
    });
    (server, pid) = (owned, owned.ProcessId);
}

try
{
    var facility = "pressure-" + Guid.NewGuid().ToString("N")[..8];
    var registered = await HandoffApi.Operator(server).Facilities.RegisterFacilityAsync(new RegisterFacilityRequest { FacilityId = facility, DisplayName = facility });
    var api = new HandoffApi(server, registered.ApiKey);
    var studyUid = "2.25." + BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)).ToString(CultureInfo.InvariantCulture);

    Console.WriteLine($"server rss before: {Rss(pid)} MB");
    var declared = 0;
    for (var first = 0; first < instances; first += batch)
    {
        var request = new DeclareStudyRequest { StudyInstanceUid = studyUid };
        for (var i = first; i < Math.Min(first + batch, instances); i++)
            request.Instances.Add(new InstanceDeclaration { SopInstanceUid = $"{studyUid}.{i}", Size = 500_000, ChunkHashes = { ByteString.CopyFrom(SHA256.HashData(BitConverter.GetBytes(i))) } });
        var clock = Stopwatch.StartNew();
        try
        {
            await api.Uploads.DeclareStudyAsync(request);
        }
        catch (RpcException refused)
        {
            Console.WriteLine($"batch at {first}: {refused.StatusCode} after {clock.ElapsedMilliseconds} ms ({refused.Status.Detail})");
            break;
        }
        declared += request.Instances.Count;
        if (first == 0 || declared % (batch * 10) == 0 || declared == instances)
            Console.WriteLine($"declared {declared,7}: batch took {clock.ElapsedMilliseconds,5} ms, server rss {Rss(pid)} MB");
    }

    var calls = new List<AsyncDuplexStreamingCall<UploadChunksRequest, UploadChunksResponse>>(streams);
    for (var s = 0; s < streams; s++)
    {
        var call = api.Uploads.UploadChunks();
        await call.RequestStream.WriteAsync(new UploadChunksRequest { Header = new UploadHeader { StudyInstanceUid = studyUid } });
        calls.Add(call);
    }
    var peak = 0L;
    for (var sample = 0; sample < 10; sample++)
    {
        await Task.Delay(500); // sampling memory over time; not waiting for an event
        peak = Math.Max(peak, Rss(pid));
    }
    Console.WriteLine($"{streams} header-only streams open: server rss peak {peak} MB");
    foreach (var call in calls)
        call.Dispose();
}
finally
{
    if (owned is not null)
        await owned.DisposeAsync();
    elsewhere?.Dispose();
}

string? Option(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}

static long Rss(int pid)
{
    foreach (var line in File.ReadLines($"/proc/{pid}/status"))
    {
        if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }
    return -1;
}
