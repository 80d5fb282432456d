using Handoff.Azure.Tests.Infrastructure;
using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Azure.Tests;

/// <summary>
/// The `handoff` client given several servers (`--server A,B`) where A cannot be reached: it fails over to B and the
/// transfer completes; when none can be reached it fails with one line naming them all.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ClientFailoverTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly AzuriteProcess _azurite;
    private readonly TempFolder _files = new("failover");

    public ClientFailoverTests(AzuriteProcess azurite) => _azurite = azurite;

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task SendAndReceive_FirstServerRefusesConnections_FailOverToSecondAndBytesIdentical()
    {
        await using var server = await ServerProcess.StartAsync(new ServerSettings { Azure = AzureCluster.New(_azurite.ConnectionString) });
        var (_, keyA) = await HandoffApi.RegisterFacilityAsync(server, "fo-a");
        var (b, keyB) = await HandoffApi.RegisterFacilityAsync(server, "fo-b");
        var study = LocalStudy.Write(_files.Combine("study"), seed: 31, slices: 12);
        var dead = $"http://127.0.0.1:{FreePorts.Take(1)[0]}";

        var send = await HandoffCli.RunAsync(Deadline, "--server", $"{dead},{server.Address}", "--key", keyA, "--retry-for", "30s",
            "send", _files.Combine("study"), "--to", "fo-b", "--priority", "stat");
        Assert.True(send.ExitCode == 0, send.ToString());
        var transferId = send.LastLine;
        var transfer = await b.Transfers.GetTransferAsync(new GetTransferRequest { TransferId = transferId });
        Assert.Equal(study.Instances.Count, transfer.Studies.Sum(s => s.InstancesAvailable));

        var received = _files.Combine("received");
        var receive = await HandoffCli.RunAsync(Deadline, "--server", dead, "--server", server.Address, "--key", keyB, "--retry-for", "30s",
            "receive", transferId, "--out", received);
        Assert.True(receive.ExitCode == 0, receive.ToString());
        var files = Directory.GetFiles(received, "*.dcm", SearchOption.AllDirectories).ToDictionary(f => Path.GetFileNameWithoutExtension(f)!);
        Assert.Equal(study.Instances.Count, files.Count);
        foreach (var instance in study.Instances)
            Assert.Equal(File.ReadAllBytes(instance.Path), File.ReadAllBytes(files[instance.SopInstanceUid]));
        var after = await b.Transfers.GetTransferAsync(new GetTransferRequest { TransferId = transferId });
        Assert.Equal(TransferState.Acknowledged, after.State);
    }

    [Fact]
    public async Task Send_NoServerReachable_FailsFastNamingEveryServer()
    {
        var ports = FreePorts.Take(2);
        var first = $"http://127.0.0.1:{ports[0]}";
        var second = $"http://127.0.0.1:{ports[1]}";
        LocalStudy.Write(_files.Combine("study"), seed: 32, slices: 2);

        var send = await HandoffCli.RunAsync(Deadline, "--server", $"{first},{second}", "--key", "unused", "send", _files.Combine("study"), "--to", "nobody");

        Assert.True(send.ExitCode == 5, send.ToString());
        var line = Assert.Single(send.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"handoff: cannot reach any of: {first}, {second} (last error ", line, StringComparison.Ordinal);
    }
}
