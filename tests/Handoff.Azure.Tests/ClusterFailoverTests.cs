using Handoff.Azure.Tests.Infrastructure;
using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Azure.Tests;

/// <summary>
/// Two server processes forming one cluster on one Azurite (same cluster id, table prefix and chunk container; their
/// own silo, gateway and gRPC ports): state written through one is served by the other, and after one is killed the
/// client given both addresses fails over to the survivor.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ClusterFailoverTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private readonly AzuriteProcess _azurite;
    private readonly TempFolder _files = new("cluster");

    public ClusterFailoverTests(AzuriteProcess azurite) => _azurite = azurite;

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Receive_FirstSiloKilledAfterSend_FailsOverToSurvivorAndBytesIdentical()
    {
        var cluster = new ServerSettings { Azure = AzureCluster.New(_azurite.ConnectionString) };
        await using var first = await ServerProcess.StartAsync(cluster);
        await using var second = await ServerProcess.StartAsync(cluster);
        var (_, keyA) = await HandoffApi.RegisterFacilityAsync(first, "cl-a");
        var (_, keyB) = await HandoffApi.RegisterFacilityAsync(first, "cl-b");
        var study = LocalStudy.Write(_files.Combine("study"), seed: 41, slices: 8);

        // One cluster: a transfer created through the first server is visible through the second.
        var send = await HandoffCli.RunAsync(Deadline, "--server", first.Address, "--key", keyA, "send", _files.Combine("study"), "--to", "cl-b");
        Assert.True(send.ExitCode == 0, send.ToString());
        var transferId = send.LastLine;
        var throughSecond = new HandoffApi(second, keyB);
        var seen = await throughSecond.Transfers.GetTransferAsync(new GetTransferRequest { TransferId = transferId });
        Assert.Equal(transferId, seen.Id);
        Assert.Equal(TransferState.Available, seen.State);

        first.Kill();
        var received = _files.Combine("received");
        var receive = await HandoffCli.RunAsync(Deadline, "--server", $"{first.Address},{second.Address}", "--key", keyB, "--retry-for", "75s",
            "receive", transferId, "--out", received);

        Assert.True(receive.ExitCode == 0, receive.ToString());
        var files = Directory.GetFiles(received, "*.dcm", SearchOption.AllDirectories).ToDictionary(f => Path.GetFileNameWithoutExtension(f)!);
        Assert.Equal(study.Instances.Count, files.Count);
        foreach (var instance in study.Instances)
            Assert.Equal(File.ReadAllBytes(instance.Path), File.ReadAllBytes(files[instance.SopInstanceUid]));
        var after = await throughSecond.Transfers.GetTransferAsync(new GetTransferRequest { TransferId = transferId });
        Assert.Equal(TransferState.Acknowledged, after.State);
    }

    [Fact]
    public async Task StatusWatchAndInbox_SiloKilledWhileWatching_ResumeOnSurvivorWithoutRepeatingEvents()
    {
        var cluster = new ServerSettings { Azure = AzureCluster.New(_azurite.ConnectionString) };
        await using var first = await ServerProcess.StartAsync(cluster);
        await using var second = await ServerProcess.StartAsync(cluster);
        var (_, keyA) = await HandoffApi.RegisterFacilityAsync(first, "watch-a");
        var (_, keyB) = await HandoffApi.RegisterFacilityAsync(first, "watch-b");
        LocalStudy.Write(_files.Combine("study"), seed: 43, slices: 6);
        var send = await HandoffCli.RunAsync(Deadline, "--server", first.Address, "--key", keyA, "send", _files.Combine("study"), "--to", "watch-b");
        Assert.True(send.ExitCode == 0, send.ToString());
        var transferId = send.LastLine;
        var both = $"{first.Address},{second.Address}";

        // The source watches through the first silo; once the history up to Available is shown, that silo dies.
        await using var watch = HandoffCli.Start(Deadline, "--server", both, "--key", keyA, "--retry-for", "75s", "status", transferId, "--watch", "--json");
        await Poll.UntilAsync(() => watch.StandardOutput.Contains("\"available\"", StringComparison.OrdinalIgnoreCase), Deadline, "the watch showing Available");
        first.Kill();
        var inbox = await HandoffCli.RunAsync(Deadline, "--server", both, "--key", keyB, "--retry-for", "75s", "inbox", "--json");
        Assert.True(inbox.ExitCode == 0, inbox.ToString());
        Assert.Contains(transferId, inbox.StandardOutput, StringComparison.Ordinal);
        var receive = await HandoffCli.RunAsync(Deadline, "--server", second.Address, "--key", keyB, "receive", transferId, "--out", _files.Combine("received"));
        Assert.True(receive.ExitCode == 0, receive.ToString());

        var watched = await watch.Completion;
        Assert.True(watched.ExitCode == 0, watched.ToString());
        var events = watched.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement).ToList();
        var sequences = events.Select(e => e.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(sequences.Order().Distinct(), sequences);
        Assert.Equal("acknowledged", events[^1].GetProperty("state").GetString(), StringComparer.OrdinalIgnoreCase);
    }
}
