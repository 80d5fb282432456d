using Handoff.Cli.Tests.Infrastructure;
using Handoff.Client;
using Handoff.Dicom.Synthetic;
using Handoff.Protos.V1;
using Handoff.Testing;
using Xunit.Abstractions;

namespace Handoff.Cli.Tests.Transfers;

/// <summary>
/// `handoff send --eta` over a slow link (a <see cref="RateLimitedProxy"/> between the CLI and a real server): the
/// server measures the upload, predicts when the destination has every image, and says at-risk when that falls behind
/// the patient's arrival, on-track when the link recovers, late when the arrival passes first. The arrival settings
/// are shortened (seconds, not minutes) so the story fits a test; the rates are the link's, measured by the server.
/// </summary>
public sealed class ArrivalDeadlineTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    /// <summary>
    /// 4 MB through a 32 kB/s link: about two minutes, far behind an arrival 45 s away. One upload stream, so a 64 KiB
    /// chunk is stored every two seconds and the server has measured a rate well within its 5 s window.
    /// </summary>
    private const long SlowLink = 32 * 1000;

    private readonly TempFolder _files = new();
    private readonly ITestOutputHelper _output;
    private ServerProcess _server = null!;

    public ArrivalDeadlineTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync(
        "--Handoff:Arrival:Margin=00:00:02", "--Handoff:Arrival:Hysteresis=00:00:01", "--Handoff:Arrival:RateWindow=00:00:05",
        "--Handoff:Arrival:CheckInterval=00:00:00.500");

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _files.Dispose();
    }

    [Fact]
    public async Task Send_OverALinkTooSlowForTheEta_AtRiskWithThePrediction_ThenOnTrackWhenTheLinkRecovers()
    {
        var (senderKey, receiverKey) = Facilities("risk");
        var folder = Study(seed: 611);
        await using var link = RateLimitedProxy.To(_server.Address, SlowLink);
        using var send = RunningHandoff.Start("--server", link.Url, "--key", senderKey, "send", folder, "--to", "risk-b", "--eta", "45s", "--parallel", "1", "--json");
        using var receiver = new HandoffApi(_server, receiverKey).CreateClient();
        var transferId = await TransferIdAsync(receiver);

        var atRisk = await NextEventAsync(receiver, transferId, TransferEventType.AtRisk);
        var whileAtRisk = await receiver.GetTransferAsync(transferId);
        link.BytesPerSecond = null; // the link recovers
        var onTrack = await NextEventAsync(receiver, transferId, TransferEventType.OnTrack);
        var sent = await send.WaitForExitAsync(Deadline);
        var final = await receiver.GetTransferAsync(transferId);

        Assert.True(sent.ExitCode == 0, sent.ToString());
        // At risk on the measured rate: predicted (well) after the arrival, and the slow link was still sending.
        Assert.True(whileAtRisk.AtRisk, whileAtRisk.ArrivalBasis);
        Assert.False(whileAtRisk.Late);
        Assert.Contains("/s", atRisk.Detail, StringComparison.Ordinal);
        Assert.True(atRisk.At.ToDateTimeOffset() < final.ExpectedArrival.ToDateTimeOffset(), "at-risk came before the arrival, while there was time to act");
        if (whileAtRisk.PredictedReady is { } predicted)
            Assert.True(predicted.ToDateTimeOffset().AddSeconds(2) > whileAtRisk.ExpectedArrival.ToDateTimeOffset(), whileAtRisk.ArrivalBasis);
        // Recovered in time: on track before the arrival, never late, and the flag is down.
        Assert.True(onTrack.Sequence > atRisk.Sequence);
        Assert.True(onTrack.At.ToDateTimeOffset() < final.ExpectedArrival.ToDateTimeOffset(), "on-track came before the arrival");
        Assert.False(final.AtRisk, final.ArrivalBasis);
        Assert.False(final.Late);
        Assert.DoesNotContain(final.Timeline, e => e.Type == TransferEventType.Late);
        Assert.NotNull(final.PredictedReady);
        var status = _server.Handoff(receiverKey, "status", transferId);
        _output.WriteLine(status.StandardOutput);
        Assert.Contains("on-track", status.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("at-risk", status.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_EtaPassesBeforeTheImagesAreThere_LateEventAndFlag()
    {
        var (senderKey, receiverKey) = Facilities("late");
        var folder = Study(seed: 612);
        await using var link = RateLimitedProxy.To(_server.Address, SlowLink);
        using var send = RunningHandoff.Start("--server", link.Url, "--key", senderKey, "send", folder, "--to", "late-b", "--eta", "8s", "--json");
        using var receiver = new HandoffApi(_server, receiverKey).CreateClient();
        var transferId = await TransferIdAsync(receiver);

        var late = await NextEventAsync(receiver, transferId, TransferEventType.Late);
        var transfer = await receiver.GetTransferAsync(transferId);

        Assert.True(late.At.ToDateTimeOffset() >= transfer.ExpectedArrival.ToDateTimeOffset(), "late only once the arrival passed");
        Assert.True(transfer.Late);
        Assert.NotEqual(TransferState.Available, transfer.State); // the slow link really was still sending
        Assert.True(link.BytesPassed < new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length));
        using var json = System.Text.Json.JsonDocument.Parse(_server.Handoff(receiverKey, "status", transferId, "--json").StandardOutput);
        Assert.True(json.RootElement.GetProperty("late").GetBoolean());
        var inbox = _server.Handoff(receiverKey, "inbox");
        Assert.Contains(inbox.StandardOutput.Split('\n'), line => line.StartsWith(transferId, StringComparison.Ordinal) && line.TrimEnd().EndsWith("late", StringComparison.Ordinal));
        // Operators count it: handoff_transfers_late_total by priority in the server's Prometheus text.
        using var http = new HttpClient();
        await Poll.UntilAsync(async () => PrometheusText.Value(await http.GetStringAsync(new Uri(_server.WebAddress, "/metrics")),
            "handoff_transfers_late_total", PrometheusText.Label("priority", "routine")) == 1, Deadline, "the late transfer counted in /metrics");
    }

    private (string Sender, string Receiver) Facilities(string name) => (_server.AddFacility($"{name}-a"), _server.AddFacility($"{name}-b"));

    /// <summary>About 4 MB: 8 slices of 512 × 512.</summary>
    private string Study(int seed)
    {
        var folder = _files.Combine($"study-{seed}");
        SyntheticCtStudy.Write(folder, new SyntheticStudyOptions { Slices = 8, Seed = seed });
        return folder;
    }

    private static Task<string> TransferIdAsync(HandoffClient receiver) =>
        Poll.ForAsync(async () => (await receiver.ListTransfersAsync(Mailbox.Inbox)).FirstOrDefault()?.Id, Deadline, "the transfer in the receiver's inbox");

    /// <summary>The first event of <paramref name="type"/> on the transfer's timeline, followed live (WatchTransfer).</summary>
    private static async Task<TransferEvent> NextEventAsync(HandoffClient client, string transferId, TransferEventType type)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        await foreach (var transferEvent in client.FollowTransferAsync(transferId, 0, timeout.Token))
        {
            if (transferEvent.Type == type)
                return transferEvent;
        }
        throw new Xunit.Sdk.XunitException($"transfer {transferId} settled without a {type} event");
    }
}
