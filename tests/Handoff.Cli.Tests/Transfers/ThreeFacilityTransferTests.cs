using System.Text.Json;
using Handoff.Cli.Tests.Infrastructure;
using Handoff.Dicom.Synthetic;
using Handoff.Testing;

namespace Handoff.Cli.Tests.Transfers;

/// <summary>
/// The product as the issue states it, through the `handoff` executable only: three facilities registered with the
/// operator key; A sends a multi-series CT and four real files from other vendors to B at STAT; B starts receiving
/// while A is still uploading, gets byte-identical files and acknowledges; A sees B's receipt; C cannot see or fetch
/// any of it; a call without a key is refused; both ends' audit trails show the accesses; and the server's log names
/// no patient. A's link to the server stalls a third of the way through (see <see cref="HeldLink"/>), so "while A is
/// still uploading" is certain rather than a race.
/// </summary>
public sealed class ThreeFacilityTransferTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    // Real files from other producers, each with its own patient and study; MR_small's transfer-syntax twins share
    // its UIDs with other bytes, so only it is sent.
    private static readonly string[] CorpusFiles = ["CT_small.dcm", "MR_small.dcm", "JPEG2000.dcm", "rtplan.dcm"];

    private readonly TempFolder _files = new();
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await CliServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _files.Dispose();
    }

    [Fact]
    public async Task SendStatToB_ReceiveStartedWhileUploading_ByteIdenticalAcknowledgedHiddenFromCAuditedNoPatientLogged()
    {
        var operatorKey = File.ReadAllText(Path.Combine(_server.DataPath, "operator.key")).Trim();
        var keyA = AddFacility(operatorKey, "hospital-a", "Hospital A");
        var keyB = AddFacility(operatorKey, "hospital-b", "Hospital B");
        var keyC = AddFacility(operatorKey, "clinic-c", "Clinic C");
        var sendFolder = _files.Combine("send");
        SyntheticCtStudy.Write(Path.Combine(sendFolder, "ct"), new SyntheticStudyOptions { Slices = 30, Series = 3, Seed = 401 });
        Directory.CreateDirectory(Path.Combine(sendFolder, "corpus"));
        foreach (var name in CorpusFiles)
            File.Copy(Corpus.TestFile(name), Path.Combine(sendFolder, "corpus", name));
        var sent = SentFolder.Read(sendFolder);
        Assert.Equal(5, sent.StudyCount);
        var received = _files.Combine("received-b");

        await using var link = HeldLink.To(_server.Address, LinkDirection.ClientToServer, holdAfterBytes: sent.TotalBytes / 3);
        using var send = RunningHandoff.Start("--server", link.Url, "--key", keyA, "send", sendFolder, "--to", "hospital-b", "--priority", "stat", "--reason", "trauma transfer", "--json");
        await link.Holding.WaitAsync(Deadline);
        var transferId = await Poll.ForAsync(() => InboxTransferId(keyB), Deadline, "the transfer in B's inbox");
        var receiveStarted = DateTimeOffset.UtcNow;
        using var receive = RunningHandoff.Start("--server", _server.Address, "--key", keyB, "receive", transferId, "--out", received, "--json");
        await Poll.UntilAsync(() => SentFolder.CountReceived(received) > 0, Deadline, "B's first received file");

        // A's upload is stalled: B already holds some files of a transfer that is still receiving.
        var midway = Json(_server.Handoff(keyB, "status", transferId, "--json"));
        Assert.Equal("receiving", midway.GetProperty("state").GetString());
        Assert.Equal("stat", midway.GetProperty("priority").GetString());
        Assert.InRange(SentFolder.CountReceived(received), 1, sent.Instances.Count - 1);
        Assert.False(send.HasExited);
        link.Release();

        var sendResult = await send.WaitForExitAsync(Deadline);
        var receiveResult = await receive.WaitForExitAsync(Deadline);
        var sendJson = Json(sendResult);
        Assert.Equal(transferId, sendJson.GetProperty("transferId").GetString());
        Assert.Equal(sent.Instances.Count, sendJson.GetProperty("instances").GetInt32());
        var receiveJson = Json(receiveResult);
        Assert.True(receiveJson.GetProperty("acknowledged").GetBoolean(), receiveResult.ToString());
        Assert.Equal(sent.Instances.Count, receiveJson.GetProperty("instances").GetInt32());
        var differences = sent.DifferencesFromReceived(received);
        Assert.True(differences.Count == 0, $"{differences.Count} of {sent.Instances.Count} sent instances are not byte-identical at DIR/<study>/<series>/<sop>.dcm:\n{string.Join('\n', differences)}");

        var seenByA = Json(_server.Handoff(keyA, "status", transferId, "--json"));
        Assert.Equal("acknowledged", seenByA.GetProperty("state").GetString());
        var acknowledgement = seenByA.GetProperty("acknowledgement");
        Assert.Equal("hospital-b", acknowledgement.GetProperty("facilityId").GetString());
        Assert.Equal(sent.Instances.Count, acknowledgement.GetProperty("instancesConfirmed").GetInt32());
        Assert.Equal(sent.ReceiptHash, acknowledgement.GetProperty("receiptHash").GetString());
        var timeline = seenByA.GetProperty("timeline").EnumerateArray().ToList();
        Assert.Contains(timeline, e => e.GetProperty("type").GetString() == "acknowledged" && e.GetProperty("actor").GetString() == "hospital-b");
        var available = Assert.Single(timeline, e => e.GetProperty("type").GetString() == "available");
        Assert.True(available.GetProperty("at").GetDateTimeOffset() > receiveStarted, "the receive started after the transfer became available");

        ThirdFacility_GetsNotFound(keyC, transferId);
        CallWithoutKey_IsRefused(transferId);
        await Audit_ShowsEveryAccessAsync(keyA, keyB, keyC, transferId);
        Assert.Contains(transferId, _server.Output, StringComparison.Ordinal); // the log is there, and speaks of the transfer
        Assert.NotEmpty(sent.PatientIdentifiers);
        foreach (var identifier in sent.PatientIdentifiers)
            Assert.DoesNotContain(identifier, _server.Output, StringComparison.Ordinal);
    }

    private void ThirdFacility_GetsNotFound(string keyC, string transferId)
    {
        var status = _server.Handoff(keyC, "status", transferId, "--json");
        var receive = _server.Handoff(keyC, "receive", transferId, "--out", _files.Combine("received-c"));
        var unknownId = Guid.NewGuid().ToString();
        var unknown = _server.Handoff(keyC, "status", unknownId);

        Assert.Equal(3, status.ExitCode);
        Assert.Contains("not found", Assert.Single(status.ErrorLines), StringComparison.Ordinal);
        Assert.Empty(status.StandardOutput);
        Assert.Equal(3, receive.ExitCode);
        Assert.Contains("not found", Assert.Single(receive.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(0, SentFolder.CountReceived(_files.Combine("received-c")));
        // The transfer that exists and one that never did get the same answer: C learns nothing.
        Assert.Equal(unknown.StandardError.Replace(unknownId, "ID", StringComparison.Ordinal), status.StandardError.Replace(transferId, "ID", StringComparison.Ordinal));
    }

    private void CallWithoutKey_IsRefused(string transferId)
    {
        var withoutKey = ProcessRunner.HandoffWithEnvironment(new Dictionary<string, string?> { ["HANDOFF_KEY"] = null }, "--server", _server.Address, "status", transferId);

        Assert.Equal(4, withoutKey.ExitCode);
        Assert.Contains("requires a key", Assert.Single(withoutKey.ErrorLines), StringComparison.Ordinal);
        Assert.Empty(withoutKey.StandardOutput);
    }

    private async Task Audit_ShowsEveryAccessAsync(string keyA, string keyB, string keyC, string transferId)
    {
        // A sees who tried: the copy of a refused call's event for the owner is written just after the answer.
        await Poll.UntilAsync(() => AuditEvents(keyA).Exists(e => e.Is("transfer.get", "clinic-c", "not-found") && e.ObjectId == transferId),
            TimeSpan.FromSeconds(30), "C's refused attempt in A's audit log");
        var ofA = AuditEvents(keyA);
        Assert.Contains(ofA, e => e.Is("study.declare", "hospital-a", "success"));
        Assert.Contains(ofA, e => e.Is("chunks.upload", "hospital-a", "success"));
        Assert.Contains(ofA, e => e.Is("transfer.create", "hospital-a", "success") && e.ObjectId == transferId);
        Assert.Contains(ofA, e => e.Is("transfer.manifest", "hospital-b", "success") && e.ObjectId == transferId);
        Assert.Contains(ofA, e => e.Is("transfer.acknowledge", "hospital-b", "success") && e.ObjectId == transferId);

        var ofB = AuditEvents(keyB);
        Assert.Contains(ofB, e => e.Is("transfer.manifest", "hospital-b", "success") && e.ObjectId == transferId);
        Assert.Contains(ofB, e => e.Is("chunks.download", "hospital-b", "success"));
        Assert.Contains(ofB, e => e.Is("transfer.downloaded", "hospital-b", "success") && e.ObjectId == transferId);
        Assert.Contains(ofB, e => e.Is("transfer.acknowledge", "hospital-b", "success") && e.ObjectId == transferId);
        // B's log is about B's accesses to this transfer; whatever A did to its own studies alone is A's business.
        Assert.DoesNotContain(ofB, e => e.Is("study.declare", "hospital-a", "success"));

        var ofC = AuditEvents(keyC);
        // Both of C's attempts are there: `status`, and `receive`, whose first call asks how urgent the transfer is.
        Assert.Equal(2, ofC.Count(e => e.Is("transfer.get", "clinic-c", "not-found") && e.ObjectId == transferId));
        Assert.All(ofC, e => Assert.NotEqual("hospital-a", e.FacilityId)); // C's own log does not reveal whose transfer it reached for
    }

    private string AddFacility(string operatorKey, string id, string name)
    {
        var result = _server.Handoff(operatorKey, "facility", "add", id, "--name", name);
        Assert.True(result.ExitCode == 0, result.ToString());
        return Assert.Single(result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private string? InboxTransferId(string key)
    {
        var transfers = Json(_server.Handoff(key, "inbox", "--json")).GetProperty("transfers");
        return transfers.GetArrayLength() == 0 ? null : transfers[0].GetProperty("transferId").GetString();
    }

    private List<AuditEntry> AuditEvents(string key) =>
        [.. Json(_server.Handoff(key, "audit", "--json", "--limit", "10000")).GetProperty("events").EnumerateArray().Select(AuditEntry.From)];

    private static JsonElement Json(ProcessResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        using var document = JsonDocument.Parse(result.StandardOutput);
        return document.RootElement.Clone();
    }
}
