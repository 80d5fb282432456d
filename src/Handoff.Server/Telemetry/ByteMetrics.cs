using System.Diagnostics.Metrics;
using Handoff.Grains.Telemetry;

namespace Handoff.Server.Telemetry;

/// <summary>
/// The byte path's counters (meter "Handoff"): chunk bytes stored from uploads, chunk bytes served (gRPC downloads,
/// DICOMweb), and chunks refused or withheld because their bytes did not match their SHA-256.
/// </summary>
public static class ByteMetrics
{
    private static readonly Meter Meter = new(TransferMetrics.MeterName);

    private static readonly Counter<long> Received = Meter.CreateCounter<long>("handoff.bytes.received", "By", "Chunk bytes stored from uploads.");

    private static readonly Counter<long> Sent = Meter.CreateCounter<long>("handoff.bytes.sent", "By", "Chunk bytes served to destinations and viewers.");

    private static readonly Counter<long> VerifyFailures = Meter.CreateCounter<long>("handoff.chunks.verify_failures",
        description: "Chunks whose bytes did not match their SHA-256: refused on upload or withheld from a download.");

    public static void ChunkStored(int bytes) => Received.Add(bytes);

    public static void ChunkServed(int bytes) => Sent.Add(bytes);

    public static void VerifyFailed(string where) => VerifyFailures.Add(1, new KeyValuePair<string, object?>("where", where));
}
