using System.Text.Json;
using Handoff.Cli.Tests.Infrastructure;
using Handoff.Dicom.Synthetic;
using Handoff.Testing;

namespace Handoff.Cli.Tests.Transfers;

/// <summary>
/// The server SIGKILLed while `handoff receive --parallel 2` is halfway through a download, and started again on the
/// same data folder and ports: the running receive waits for it, resumes, ends with every file byte-identical and
/// acknowledged, and the chunk store holds every chunk once. The download link stalls a third of the way (see
/// <see cref="HeldLink"/>), so the kill always lands mid-download.
/// </summary>
public sealed class ServerKilledMidReceiveTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private readonly TempFolder _files = new();
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await CliServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _files.Dispose();
    }

    [Fact]
    public async Task Receive_ServerKilledMidDownloadAndRestarted_CompletesByteIdenticalAcknowledgedEveryChunkStoredOnce()
    {
        var keyA = _server.AddFacility("crash-a");
        var keyB = _server.AddFacility("crash-b");
        var folder = _files.Combine("study");
        // 40 slices of 512 x 512: about 20 MB.
        SyntheticCtStudy.Write(folder, new SyntheticStudyOptions { Slices = 40, Series = 2, Seed = 601 });
        var sent = SentFolder.Read(folder);
        var send = _server.Handoff(keyA, "send", folder, "--to", "crash-b", "--priority", "urgent", "--json");
        Assert.True(send.ExitCode == 0, send.ToString());
        string transferId;
        using (var json = JsonDocument.Parse(send.StandardOutput))
            transferId = json.RootElement.GetProperty("transferId").GetString()!;
        var received = _files.Combine("received");

        await using var link = HeldLink.To(_server.Address, LinkDirection.ServerToClient, holdAfterBytes: sent.TotalBytes / 3);
        using var receive = RunningHandoff.Start("--server", link.Url, "--key", keyB, "receive", transferId, "--out", received, "--parallel", "2", "--json");
        await link.Holding.WaitAsync(Deadline);
        await Poll.UntilAsync(() => SentFolder.CountReceived(received) > 0, Deadline, "B's first received file");
        Assert.InRange(SentFolder.CountReceived(received), 1, sent.Instances.Count - 1);
        _server.Kill();
        link.Release(); // what the dead server had sent arrives, then its connections close
        await _server.RestartAsync();
        var result = await receive.WaitForExitAsync(Deadline);

        Assert.True(result.ExitCode == 0, result.ToString());
        using (var json = JsonDocument.Parse(result.StandardOutput))
        {
            Assert.True(json.RootElement.GetProperty("acknowledged").GetBoolean(), result.StandardOutput);
            Assert.Equal(sent.Instances.Count, json.RootElement.GetProperty("instances").GetInt32());
        }
        Assert.Empty(sent.DifferencesFromReceived(received));
        Assert.Empty(Directory.GetFiles(received, "*.part", SearchOption.AllDirectories));
        var status = _server.Handoff(keyA, "status", transferId, "--json");
        Assert.True(status.ExitCode == 0, status.ToString());
        using (var json = JsonDocument.Parse(status.StandardOutput))
        {
            Assert.Equal("acknowledged", json.RootElement.GetProperty("state").GetString());
            Assert.Equal(sent.ReceiptHash, json.RootElement.GetProperty("acknowledgement").GetProperty("receiptHash").GetString());
        }
        // Nothing lost or duplicated in the chunk store across the crash.
        Assert.Equal(sent.DistinctChunkHashes, _server.ChunkFiles());
    }
}
