using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Handoff.Cli.Tests.Infrastructure;
using Handoff.Dicom.Synthetic;
using Handoff.Testing;

namespace Handoff.Cli.Tests.Transfers;

/// <summary>
/// The `handoff` client against a real server: what a sending and a receiving facility see when they use it.
/// </summary>
public sealed class SendReceiveEndToEndTests : IClassFixture<ServerFixture>
{
    private readonly ServerProcess _server;

    public SendReceiveEndToEndTests(ServerFixture fixture)
    {
        _server = fixture.Server;
    }

    [Fact]
    public void Send_WithEta_StatusShowsThePatientsExpectedArrival_AndABadEtaSendsNothing()
    {
        var (sender, receiver) = Facilities("eta");
        using var folder = new TempFolder();
        WriteStudy(folder.Combine("in"), seed: 207);
        var before = DateTimeOffset.UtcNow;

        var bad = _server.Handoff(sender.Key, "send", folder.Combine("in"), "--to", receiver.Id, "--eta", "yesterday");
        var send = _server.Handoff(sender.Key, "send", folder.Combine("in"), "--to", receiver.Id, "--priority", "stat", "--eta", "45m", "--json");

        Assert.Equal(2, bad.ExitCode);
        Assert.Single(bad.ErrorLines);
        Assert.Contains("--eta", bad.StandardError, StringComparison.Ordinal);
        Assert.True(send.ExitCode == 0, send.ToString());
        var transferId = JsonDocument.Parse(send.StandardOutput).RootElement.GetProperty("transferId").GetString()!;
        using var status = JsonDocument.Parse(_server.Handoff(receiver.Key, "status", transferId, "--json").StandardOutput);
        var eta = status.RootElement.GetProperty("eta").GetDateTimeOffset();
        Assert.InRange(eta, before.AddMinutes(45), DateTimeOffset.UtcNow.AddMinutes(45));
        Assert.Contains("patient eta", _server.Handoff(receiver.Key, "status", transferId).StandardOutput, StringComparison.Ordinal);
        using var inbox = JsonDocument.Parse(_server.Handoff(receiver.Key, "inbox", "--json").StandardOutput);
        Assert.Single(inbox.RootElement.GetProperty("transfers").EnumerateArray(), t => t.GetProperty("transferId").GetString() == transferId);
    }

    [Fact]
    public void SendThenReceive_FolderWithJunk_FilesByteIdenticalAndBothSeeAcknowledged()
    {
        var (sender, receiver) = Facilities("folder");
        using var folder = new TempFolder();
        var study = WriteStudy(folder.Combine("in"), seed: 201);
        File.Copy(Corpus.TestFile("CT_small.dcm"), folder.Combine("in", "ct-small.dcm"));
        File.WriteAllText(folder.Combine("in", "notes.txt"), "Arrives by helicopter 03:10.\n");

        var send = _server.Handoff(sender.Key, "send", folder.Combine("in"), "--to", receiver.Id, "--priority", "stat", "--json");

        Assert.True(send.ExitCode == 0, send.ToString());
        using var sent = JsonDocument.Parse(send.StandardOutput);
        var transferId = sent.RootElement.GetProperty("transferId").GetString()!;
        Assert.Equal(2, sent.RootElement.GetProperty("studies").GetInt32());
        Assert.Equal(study.Count + 1, sent.RootElement.GetProperty("instances").GetInt32());
        Assert.Equal(1, sent.RootElement.GetProperty("skipped").GetInt32());

        var receive = _server.Handoff(receiver.Key, "receive", transferId, "--out", folder.Combine("out"));

        Assert.True(receive.ExitCode == 0, receive.ToString());
        Assert.Equal(ContentHashes(folder.Combine("in"), "*.dcm"), ContentHashes(folder.Combine("out"), "*"));
        var firstSlice = File.ReadAllBytes(study[0]);
        var sop = SyntheticCtStudy.Uid(201, "instance/0/0");
        Assert.Single(Directory.GetFiles(folder.Combine("out"), sop + ".dcm", SearchOption.AllDirectories), path => File.ReadAllBytes(path).AsSpan().SequenceEqual(firstSlice));
        using var status = JsonDocument.Parse(_server.Handoff(sender.Key, "status", transferId, "--json").StandardOutput);
        Assert.Equal("acknowledged", status.RootElement.GetProperty("state").GetString());
        Assert.Contains(status.RootElement.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("type").GetString() == "acknowledged");
    }

    [Fact]
    public void Send_SameFolderAgain_SameTransferAndNothingUploaded()
    {
        var (sender, receiver) = Facilities("resume");
        using var folder = new TempFolder();
        WriteStudy(folder.Path, seed: 202);

        var first = _server.Handoff(sender.Key, "send", folder.Path, "--to", receiver.Id);
        var again = _server.Handoff(sender.Key, "send", folder.Path, "--to", receiver.Id, "--json");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(again.ExitCode == 0, again.ToString());
        using var json = JsonDocument.Parse(again.StandardOutput);
        Assert.Equal(LastLine(first.StandardOutput), json.RootElement.GetProperty("transferId").GetString());
        Assert.Equal(0, json.RootElement.GetProperty("bytesSent").GetInt64());
        Assert.Equal(json.RootElement.GetProperty("instances").GetInt32(), json.RootElement.GetProperty("instancesAlreadyStored").GetInt32());
    }

    [Fact]
    public void SendThenReceive_Zip_FilesByteIdentical()
    {
        var (sender, receiver) = Facilities("zip");
        using var folder = new TempFolder();
        WriteStudy(folder.Combine("in"), seed: 203);
        ZipFile.CreateFromDirectory(folder.Combine("in"), folder.Combine("study.zip"));

        var send = _server.Handoff(sender.Key, "send", folder.Combine("study.zip"), "--to", receiver.Id);
        Assert.True(send.ExitCode == 0, send.ToString());
        var receive = _server.Handoff(receiver.Key, "receive", LastLine(send.StandardOutput), "--out", folder.Combine("out"), "--parallel", "2");

        Assert.True(receive.ExitCode == 0, receive.ToString());
        Assert.Equal(ContentHashes(folder.Combine("in"), "*.dcm"), ContentHashes(folder.Combine("out"), "*"));
    }

    [Fact]
    public void Commands_RefusedKeyOtherFacilityOrNoServer_ExitNonZeroWithOneLine()
    {
        var (sender, receiver) = Facilities("errors");
        var outsider = _server.AddFacility("errors-c");
        using var folder = new TempFolder();
        WriteStudy(folder.Path, seed: 204);
        var transferId = LastLine(_server.Handoff(sender.Key, "send", folder.Path, "--to", receiver.Id).StandardOutput);

        var wrongKey = _server.Handoff("hk_not-a-key", "inbox");
        var notTheirs = _server.Handoff(outsider, "receive", transferId, "--out", folder.Combine("out"));
        var noServer = ProcessRunner.Handoff("--server", "http://127.0.0.1:1", "--key", sender.Key, "inbox");

        Assert.Equal(4, wrongKey.ExitCode);
        Assert.Contains("refused the key", Assert.Single(wrongKey.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(3, notTheirs.ExitCode);
        Assert.Contains("not found", Assert.Single(notTheirs.ErrorLines), StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.Combine("out")) && Directory.EnumerateFiles(folder.Combine("out"), "*", SearchOption.AllDirectories).Any());
        Assert.Equal(5, noServer.ExitCode);
        Assert.Contains("cannot reach server http://127.0.0.1:1", Assert.Single(noServer.ErrorLines), StringComparison.Ordinal);
    }

    private ((string Id, string Key) Sender, (string Id, string Key) Receiver) Facilities(string test)
    {
        var sender = $"{test}-a";
        var receiver = $"{test}-b";
        return ((sender, _server.AddFacility(sender)), (receiver, _server.AddFacility(receiver)));
    }

    private static IReadOnlyList<string> WriteStudy(string directory, int seed) =>
        SyntheticCtStudy.Write(directory, new SyntheticStudyOptions { Slices = 6, Series = 2, Seed = seed, Rows = 128, Columns = 128 });

    private static string LastLine(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];

    private static string[] ContentHashes(string directory, string pattern)
    {
        var hashes = Directory.GetFiles(directory, pattern, SearchOption.AllDirectories).Select(path => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)))).ToArray();
        Array.Sort(hashes, StringComparer.Ordinal);
        return hashes;
    }
}
