using Handoff.Azure.Tests.Infrastructure;
using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Azure.Tests;

/// <summary>
/// Three silos on Azurite and a 520-instance transfer: one silo is SIGKILLed while the source uploads, another
/// while the destination downloads. The clients, given every address, carry on through the survivors; every byte
/// arrives as sent and the chunk container holds each distinct chunk exactly once.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SiloFailureTests : IDisposable
{
    private const int Slices = 520;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);

    private readonly AzuriteProcess _azurite;
    private readonly TempFolder _files = new("silo-failure");

    public SiloFailureTests(AzuriteProcess azurite) => _azurite = azurite;

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Transfer_SiloKilledDuringUploadAnotherDuringDownload_CompletesWithEveryChunkStoredOnce()
    {
        await using var cluster = await SiloCluster.StartAsync(_azurite.ConnectionString, silos: 3);
        var keyA = await cluster.RegisterFacilityAsync("kill-a");
        var keyB = await cluster.RegisterFacilityAsync("kill-b");
        // 192×192 slices: two 64 KiB chunks each, so instances are uploaded and downloaded in pieces.
        var study = LocalStudy.Write(_files.Combine("study"), seed: 51, slices: Slices, rows: 192, columns: 192);
        var progress = new TransferProgress(new HandoffApi(cluster.Silos[2], keyB), Deadline);

        // Upload through silo 0; SIGKILL it once a fifth of the study is in.
        await using var send = HandoffCli.Start(Deadline, "--server", cluster.Addresses(0, 1, 2), "--key", keyA, "--retry-for", "3m",
            "send", _files.Combine("study"), "--to", "kill-b");
        var transferId = await progress.WaitForIncomingAsync();
        var uploadedAtKill = await progress.WaitForAvailableAsync(transferId, Slices / 5);
        cluster.Silos[0].Kill();
        Assert.True(uploadedAtKill < Slices, $"the upload had already ended ({uploadedAtKill} instances) when silo 0 was killed");
        var sent = await send.Completion;
        Assert.True(sent.ExitCode == 0, sent.ToString());
        Assert.Equal(transferId, sent.LastLine);

        // Download through silo 1; SIGKILL it once a fifth of the files are written.
        var received = _files.Combine("received");
        await using var receive = HandoffCli.Start(Deadline, "--server", cluster.Addresses(1, 2, 0), "--key", keyB, "--retry-for", "3m",
            "receive", transferId, "--out", received);
        await Poll.UntilAsync(() => ReceivedFiles.Count(received) >= Slices / 5 || receive.Process.HasExited, Deadline, "a fifth of the study received");
        var downloadedAtKill = ReceivedFiles.Count(received);
        cluster.Silos[1].Kill();
        Assert.True(downloadedAtKill < Slices, $"the download had already ended ({downloadedAtKill} files) when silo 1 was killed");
        var done = await receive.Completion;
        Assert.True(done.ExitCode == 0, done.ToString());

        ReceivedFiles.AssertIdentical(study, received);
        Assert.Equal(TransferState.Acknowledged, (await progress.GetAsync(transferId)).State);
        await ReceivedFiles.AssertStoredOnceAsync(cluster, study);
    }
}
