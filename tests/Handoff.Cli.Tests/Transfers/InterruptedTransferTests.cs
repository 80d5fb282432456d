using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Handoff.Cli.Tests.Infrastructure;
using Handoff.Dicom.Synthetic;
using Handoff.Testing;

namespace Handoff.Cli.Tests.Transfers;

/// <summary>
/// A send killed halfway and run again finishes the same transfer without re-sending what arrived; a receive
/// started while the sender is still uploading ends with every file.
/// </summary>
public sealed class InterruptedTransferTests : IClassFixture<ServerFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);
    private readonly ServerProcess _server;

    public InterruptedTransferTests(ServerFixture fixture)
    {
        _server = fixture.Server;
    }

    [Fact]
    public async Task Send_KilledOnceInstancesArriveThenRerun_SameTransferOnlyMissingSentAndReceivable()
    {
        var senderKey = _server.AddFacility("killed-a");
        var receiverKey = _server.AddFacility("killed-b");
        using var folder = new TempFolder();
        var study = WriteStudy(folder.Combine("in"), seed: 301);
        var totalBytes = study.Sum(path => new FileInfo(path).Length);

        using (var interrupted = ProcessRunner.StartHandoff("--server", _server.Address, "--key", senderKey, "send", folder.Combine("in"), "--to", "killed-b", "--parallel", "1"))
        {
            await WaitForAsync(() => interrupted.HasExited || AvailableInstances(receiverKey) > 0);
            if (!interrupted.HasExited)
                interrupted.Kill(entireProcessTree: true);
            await interrupted.WaitForExitAsync();
        }
        var firstSeen = AvailableInstances(receiverKey);
        var rerun = _server.Handoff(senderKey, "send", folder.Combine("in"), "--to", "killed-b", "--json");

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        using var json = JsonDocument.Parse(rerun.StandardOutput);
        Assert.True(json.RootElement.GetProperty("instancesAlreadyStored").GetInt32() >= firstSeen);
        Assert.True(json.RootElement.GetProperty("bytesSent").GetInt64() < totalBytes, rerun.StandardOutput);
        var inbox = Inbox(receiverKey);
        Assert.Equal(json.RootElement.GetProperty("transferId").GetString(), Assert.Single(inbox).GetProperty("transferId").GetString());
        var receive = _server.Handoff(receiverKey, "receive", json.RootElement.GetProperty("transferId").GetString()!, "--out", folder.Combine("out"));
        Assert.True(receive.ExitCode == 0, receive.ToString());
        Assert.Equal(ContentHashes(folder.Combine("in")), ContentHashes(folder.Combine("out")));
    }

    [Fact]
    public async Task Receive_StartedWhileSending_EndsWithEveryFileAcknowledged()
    {
        var senderKey = _server.AddFacility("early-a");
        var receiverKey = _server.AddFacility("early-b");
        using var folder = new TempFolder();
        WriteStudy(folder.Combine("in"), seed: 302);

        using var sending = ProcessRunner.StartHandoff("--server", _server.Address, "--key", senderKey, "send", folder.Combine("in"), "--to", "early-b", "--priority", "stat", "--parallel", "1");
        await WaitForAsync(() => Inbox(receiverKey).Count > 0);
        var transferId = Inbox(receiverKey)[0].GetProperty("transferId").GetString()!;
        var receive = _server.Handoff(receiverKey, "receive", transferId, "--out", folder.Combine("out"), "--json");
        await sending.WaitForExitAsync();

        Assert.True(receive.ExitCode == 0, receive.ToString());
        Assert.Equal(0, sending.ExitCode);
        using var json = JsonDocument.Parse(receive.StandardOutput);
        Assert.True(json.RootElement.GetProperty("acknowledged").GetBoolean());
        Assert.Equal(ContentHashes(folder.Combine("in")), ContentHashes(folder.Combine("out")));
    }

    private List<JsonElement> Inbox(string key)
    {
        var result = _server.Handoff(key, "inbox", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        return [.. JsonDocument.Parse(result.StandardOutput).RootElement.GetProperty("transfers").EnumerateArray()];
    }

    private int AvailableInstances(string key) =>
        Inbox(key).Sum(t => t.GetProperty("studies").EnumerateArray().Sum(s => s.GetProperty("instancesAvailable").GetInt32()));

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Deadline)
                throw new TimeoutException($"condition not met within {Deadline}");
            await Task.Delay(50);
        }
    }

    // 40 slices of 512 x 512: about 20 MB, enough that a single stream is still busy when the first instances arrive.
    private static IReadOnlyList<string> WriteStudy(string directory, int seed) =>
        SyntheticCtStudy.Write(directory, new SyntheticStudyOptions { Slices = 40, Series = 2, Seed = seed });

    private static string[] ContentHashes(string directory)
    {
        var hashes = Directory.GetFiles(directory, "*", SearchOption.AllDirectories).Select(path => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)))).ToArray();
        Array.Sort(hashes, StringComparer.Ordinal);
        return hashes;
    }
}
