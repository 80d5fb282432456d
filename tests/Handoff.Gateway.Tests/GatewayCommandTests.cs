using System.Globalization;
using Handoff.Client;
using Handoff.Dicom;
using Handoff.Dicom.IO;
using Handoff.Dicom.Synthetic;
using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Gateway.Tests;

/// <summary>
/// `handoff gateway` as a real process, with storescu as the modality: SIGKILLed while a study is arriving and started
/// again on the same spool, then the modality sends the whole study again (as a PACS retries): the destination gets
/// every instance once, in one transfer. Bad settings end it at once with one line.
/// </summary>
public sealed class GatewayCommandTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    private readonly TempFolder _folder = new("gateway-command");
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task GatewayKilledMidIngest_RestartedAndTheModalitySendsAgain_EveryInstanceArrivesOnceInOneTransfer()
    {
        var (_, northKey) = await HandoffApi.RegisterFacilityAsync(_server, "cmd-north");
        var (south, _) = await HandoffApi.RegisterFacilityAsync(_server, "cmd-south");
        var files = SyntheticCtStudy.Write(_folder.Combine("modality"), new SyntheticStudyOptions { Slices = 40, Seed = 501, Rows = 128, Columns = 128 }).ToArray();
        var port = FreePorts.Take(1)[0];
        var spool = _folder.Combine("spool");
        // The route states the journey: the patient is expected 45 minutes after the transfer starts.
        string[] arguments = ["gateway", "--server", _server.Address, "--key", northKey, "--listen", $"127.0.0.1:{port}", "--ae", "NORTH_GW",
            "--route", "TO_SOUTH=cmd-south:stat:eta=45m", "--spool", spool, "--quiet-window", "3s"];
        var started = DateTimeOffset.UtcNow;

        await using (var first = HandoffCli.Start(Deadline, arguments))
        {
            await Poll.UntilAsync(() => first.StandardOutput.Contains("listening", StringComparison.Ordinal), Deadline, $"the gateway listening ({first.StandardError})");
            var sending = DicomPeer.RunAsync(Deadline, "storescu", ["-aet", "CT_SCANNER", "-aec", "TO_SOUTH", "127.0.0.1", port.ToString(CultureInfo.InvariantCulture), .. files]);
            await Poll.UntilAsync(() => SpooledOrSent(spool) >= 5, Deadline, "some instances spooled");
            first.Kill();
            await sending; // storescu reports the broken association; the modality sends again below
        }

        await using var second = HandoffCli.Start(Deadline, arguments);
        await Poll.UntilAsync(() => second.StandardOutput.Contains("listening", StringComparison.Ordinal), Deadline, $"the gateway listening again ({second.StandardError})");
        var resent = await DicomPeer.RunAsync(Deadline, "storescu", ["-aet", "CT_SCANNER", "-aec", "TO_SOUTH", "127.0.0.1", port.ToString(CultureInfo.InvariantCulture), .. files]);
        Assert.True(resent.ExitCode == 0, $"storescu: {resent}");

        using var client = south.CreateClient();
        var transfer = await Poll.ForAsync(async () =>
        {
            var inbox = await client.ListTransfersAsync();
            return inbox.FirstOrDefault(t => t.Studies.Count > 0 && t.Studies.All(s => s.Complete));
        }, Deadline, "the transfer complete in the destination's inbox");
        var received = await client.ReceiveAsync(transfer.Id, new FolderInstanceSink(_folder.Combine("received")), cancellationToken: new CancellationTokenSource(Deadline).Token);

        Assert.Single(await client.ListTransfersAsync());
        Assert.Equal(Priority.Stat, transfer.Priority);
        Assert.InRange(transfer.ExpectedArrival.ToDateTimeOffset(), started.AddMinutes(45), DateTimeOffset.UtcNow.AddMinutes(45));
        Assert.Equal(files.Length, received.Instances);
        var sentUids = files.Select(f => DicomFile.Open(f, new DicomReadOptions { StopBeforePixelData = true }).Dataset.GetString(DicomTag.SOPInstanceUID)).Order(StringComparer.Ordinal);
        var receivedUids = Directory.GetFiles(_folder.Combine("received"), "*.dcm", SearchOption.AllDirectories)
            .Select(f => DicomFile.Open(f, new DicomReadOptions { StopBeforePixelData = true }).Dataset.GetString(DicomTag.SOPInstanceUID)).Order(StringComparer.Ordinal);
        Assert.Equal(sentUids, receivedUids);
    }

    [Theory]
    [InlineData("--route", "THIS-AE-TITLE-IS-TOO-LONG=x", "is not an AE title")]
    [InlineData("--route", "TO_X=x:stat:eta=soon", "eta 'soon' is not a time from now")]
    [InlineData("--deliver", "PACS@127.0.0.1:99999", "is not a port")]
    [InlineData("--listen", "localhost", "is not HOST:PORT")]
    [InlineData("--commit", null, "give --deliver")]
    public async Task BadSettings_EndAtOnceWithOneLineNamingTheSetting(string option, string? value, string expected)
    {
        string[] arguments = ["gateway", "--server", _server.Address, "--key", "unused", "--ae", "GW", "--route", "TO_X=x", "--spool", _folder.Combine("spool"),
            .. value is null ? new[] { option } : [option, value]];
        var result = await HandoffCli.RunAsync(Deadline, arguments);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.StandardError, StringComparison.Ordinal);
        Assert.Single(result.StandardError.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("--from", "SOURCE@127.0.0.1", "--patient-id", "P1", "is not AE@HOST:PORT")]
    [InlineData("--from", "SOURCE@127.0.0.1:104", "--patient-id", "SMITH*", "no wildcards")]
    [InlineData("--from", "SOURCE@127.0.0.1:104", "--study", "not-a-uid", "is not a UID")]
    [InlineData("--from", "SOURCE@127.0.0.1:104", "--eta", "yesterday", "--eta: 'yesterday' is not an arrival time")]
    public async Task Pull_BadInput_EndsAtOnceWithOneLineNamingIt(string option, string value, string option2, string value2, string expected)
    {
        string[] arguments = ["pull", "--server", _server.Address, "--key", "unused", "--to", "somewhere", option, value, option2, value2,
            .. option2 == "--patient-id" ? Array.Empty<string>() : ["--patient-id", "P1"]];
        var result = await HandoffCli.RunAsync(Deadline, arguments);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.StandardError, StringComparison.Ordinal);
        Assert.Single(result.StandardError.Trim().Split('\n'));
    }

    [Fact]
    public async Task Pull_SourcePacsNotListening_ExitsWithOneLineNamingIt()
    {
        var (_, key) = await HandoffApi.RegisterFacilityAsync(_server, "cmd-pull");
        var port = FreePorts.Take(2);
        var result = await HandoffCli.RunAsync(Deadline, "pull", "--server", _server.Address, "--key", key, "--from", $"SOURCE@127.0.0.1:{port[0]}",
            "--patient-id", "P1", "--to", "elsewhere", "--listen", $"127.0.0.1:{port[1]}");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"cannot retrieve from SOURCE@127.0.0.1:{port[0]}", result.StandardError, StringComparison.Ordinal);
        Assert.Single(result.StandardError.Trim().Split('\n'));
    }

    private static int SpooledOrSent(string spool) =>
        Directory.Exists(spool) ? Directory.GetFiles(spool, "*.dcm", SearchOption.AllDirectories).Length : 0;
}
