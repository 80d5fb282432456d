using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Federation.Tests.Infrastructure;

/// <summary>The source's view of a relayed transfer: waits for an event of a kind on its timeline, or a state.</summary>
public static class RelayTimeline
{
    public static Task<TransferEvent> WaitForEventAsync(HandoffApi source, string transferId, TransferEventType type, TimeSpan deadline) =>
        Poll.ForAsync(async () =>
        {
            var transfer = await source.Transfers.GetTransferAsync(new GetTransferRequest { TransferId = transferId });
            return transfer.Timeline.LastOrDefault(e => e.Type == type);
        }, deadline, $"a {type} event on transfer {transferId}");

    public static Task<Transfer> WaitForStateAsync(HandoffApi api, string transferId, TransferState state, TimeSpan deadline) =>
        Poll.ForAsync(async () =>
        {
            var transfer = await api.Transfers.GetTransferAsync(new GetTransferRequest { TransferId = transferId });
            return transfer.State == state ? transfer : null;
        }, deadline, $"transfer {transferId} {state}");

    /// <summary>Chunk files in a Local-profile server's store (what is stored, whatever any grain believes).</summary>
    public static int StoredChunks(Testing.ServerProcess server)
    {
        var chunks = Path.Combine(server.DataPath, "chunks");
        return Directory.Exists(chunks) ? Directory.EnumerateFiles(chunks, "*", SearchOption.AllDirectories).Count(f => !f.EndsWith(".tmp", StringComparison.Ordinal)) : 0;
    }
}
