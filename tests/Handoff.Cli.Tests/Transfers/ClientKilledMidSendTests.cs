using System.Text.Json;
using Handoff.Cli.Tests.Infrastructure;
using Handoff.Dicom.Synthetic;
using Handoff.Testing;

namespace Handoff.Cli.Tests.Transfers;

/// <summary>
/// `handoff send` SIGKILLed halfway through the upload, then run again with the same command line: it finds the same
/// transfer and uploads only the chunks the server does not hold, counted in the server's chunk store. The sender's
/// link stalls halfway (see <see cref="HeldLink"/>), so the kill always lands mid-send.
/// </summary>
public sealed class ClientKilledMidSendTests : IAsyncLifetime
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
    public async Task Send_KilledAfterSomeChunksStoredThenRerun_SameTransferOnlyMissingChunksUploaded()
    {
        var keyA = _server.AddFacility("resume-a");
        var keyB = _server.AddFacility("resume-b");
        var folder = _files.Combine("study");
        // 40 slices of 512 x 512: about 20 MB, one 1 MiB chunk per slice, every slice different.
        SyntheticCtStudy.Write(folder, new SyntheticStudyOptions { Slices = 40, Series = 2, Seed = 501 });
        var sent = SentFolder.Read(folder);
        var distinct = sent.DistinctChunkHashes;
        Assert.Equal(sent.Instances.Count, distinct.Count);

        await using var link = HeldLink.To(_server.Address, LinkDirection.ClientToServer, holdAfterBytes: sent.TotalBytes / 2);
        string[] send = ["--server", link.Url, "--key", keyA, "send", folder, "--to", "resume-b", "--json"];
        using (var first = RunningHandoff.Start(send))
        {
            await link.Holding.WaitAsync(Deadline);
            await Poll.UntilAsync(() => _server.ChunkFiles().Count >= distinct.Count / 4, Deadline, "a quarter of the chunks stored");
            Assert.False(first.HasExited, "the first send ended by itself; nothing was interrupted");
            first.Kill();
        }
        link.Release(); // what was in flight arrives; the dead client's connections close
        var firstTransferId = Assert.Single(Inbox(keyB)).GetProperty("transferId").GetString();
        var storedBeforeRerun = _server.ChunkFiles();
        Assert.InRange(storedBeforeRerun.Count, distinct.Count / 4, distinct.Count - 1);
        Assert.Empty(storedBeforeRerun.Except(distinct, StringComparer.Ordinal));

        var rerun = ProcessRunner.Handoff(send);

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        using var json = JsonDocument.Parse(rerun.StandardOutput);
        var result = json.RootElement;
        Assert.Equal(firstTransferId, result.GetProperty("transferId").GetString());
        // Chunks stored before the rerun are never sent again; the server may have finished one or two more in flight.
        var missingBeforeRerun = distinct.Count - storedBeforeRerun.Count;
        Assert.InRange(result.GetProperty("chunksSent").GetInt64(), 1, missingBeforeRerun);
        Assert.True(result.GetProperty("bytesSent").GetInt64() < sent.TotalBytes, rerun.StandardOutput);
        Assert.True(result.GetProperty("instancesAlreadyStored").GetInt32() >= sent.Instances.Count - missingBeforeRerun, rerun.StandardOutput);
        // Every chunk of the study is stored exactly once: nothing lost, nothing duplicated.
        Assert.Equal(distinct, _server.ChunkFiles());

        var receive = _server.Handoff(keyB, "receive", firstTransferId!, "--out", _files.Combine("received"));
        Assert.True(receive.ExitCode == 0, receive.ToString());
        Assert.Empty(sent.DifferencesFromReceived(_files.Combine("received")));
    }

    private List<JsonElement> Inbox(string key)
    {
        var result = _server.Handoff(key, "inbox", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.StandardOutput);
        return [.. json.RootElement.GetProperty("transfers").EnumerateArray().Select(transfer => transfer.Clone())];
    }
}
