using Handoff.Azure.Tests.Infrastructure;
using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Azure.Tests;

/// <summary>
/// A rolling update in the middle of the day: each of three silos in turn is stopped with SIGTERM (as Kubernetes
/// does) and started again while transfers run. Before each restart a new transfer starts with the silo about to
/// stop as its first address, and the restart waits until that transfer is under way, so every restart cuts into
/// running streams. Every silo must leave cleanly (exit 0) and every transfer must complete, byte for byte.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RollingRestartTests : IDisposable
{
    private const int Slices = 240;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan DrainDeadline = TimeSpan.FromSeconds(60);

    private readonly AzuriteProcess _azurite;
    private readonly TempFolder _files = new("rolling");

    public RollingRestartTests(AzuriteProcess azurite) => _azurite = azurite;

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Transfers_EachSiloRestartedInTurnWithSigterm_AllCompleteAndSilosExitCleanly()
    {
        await using var cluster = await SiloCluster.StartAsync(_azurite.ConnectionString, silos: 3);
        var keyB = await cluster.RegisterFacilityAsync("roll-b");
        var destination = new HandoffApi(cluster.Silos[0], keyB);
        var clients = new List<RunningCli>();
        var transfers = new List<(LocalStudy Study, string Received)>();
        try
        {
            for (var silo = 0; silo < 3; silo++)
            {
                // A source facility per transfer, so each transfer is the only one in its own outbox.
                var keyA = await cluster.RegisterFacilityAsync($"roll-a{silo}");
                var folder = _files.Combine($"study{silo}");
                var study = LocalStudy.Write(folder, seed: 61 + silo, slices: Slices, rows: 192, columns: 192);
                var received = _files.Combine($"received{silo}");
                var order = new[] { silo, (silo + 1) % 3, (silo + 2) % 3 };
                var send = HandoffCli.Start(Deadline, "--server", cluster.Addresses(order), "--key", keyA, "--retry-for", "3m",
                    "send", folder, "--to", "roll-b");
                clients.Add(send);
                var transferId = await WaitForTransferIdAsync(keyA, cluster, silo);
                clients.Add(HandoffCli.Start(Deadline, "--server", cluster.Addresses(order), "--key", keyB, "--retry-for", "3m",
                    "receive", transferId, "--out", received));
                transfers.Add((study, received));
                await new TransferProgress(destination, Deadline).WaitForAvailableAsync(transferId, Slices / 10);

                Assert.Contains(clients, c => !c.Process.HasExited);
                var exitCode = await cluster.Silos[silo].TerminateAsync(DrainDeadline);
                Assert.True(exitCode == 0, $"silo {silo} exited with {exitCode} after SIGTERM:\n{cluster.Silos[silo].Output}");
                await cluster.Silos[silo].RestartAsync();
            }

            foreach (var client in clients)
            {
                var result = await client.Completion;
                Assert.True(result.ExitCode == 0, result.ToString());
            }
            foreach (var (study, received) in transfers)
                ReceivedFiles.AssertIdentical(study, received);
            var inbox = await destination.Transfers.ListTransfersAsync(new ListTransfersRequest { Mailbox = Mailbox.Inbox });
            Assert.Equal(3, inbox.Transfers.Count);
            Assert.All(inbox.Transfers, t => Assert.Equal(TransferState.Acknowledged, t.State));
            await ReceivedFiles.AssertStoredOnceAsync(cluster, [.. transfers.Select(t => t.Study)]);
        }
        finally
        {
            foreach (var client in clients)
                await client.DisposeAsync();
        }
    }

    /// <summary>The id of the transfer the sending facility just created, read from its outbox.</summary>
    private static Task<string> WaitForTransferIdAsync(string sourceKey, SiloCluster cluster, int silo)
    {
        var source = new HandoffApi(cluster.Silos[(silo + 1) % 3], sourceKey);
        return Poll.ForAsync(async () =>
        {
            var outbox = await source.Transfers.ListTransfersAsync(new ListTransfersRequest { Mailbox = Mailbox.Outbox });
            return outbox.Transfers.Count > 0 ? outbox.Transfers[0].Id : null;
        }, Deadline, "the new transfer in the source's outbox");
    }
}
