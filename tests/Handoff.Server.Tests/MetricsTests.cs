using System.Net;
using Handoff.Server.Tests.Infrastructure;
using Handoff.Testing;

namespace Handoff.Server.Tests;

/// <summary>
/// Prometheus text at /metrics on the web endpoint of a real server: after one transfer sent, received and
/// acknowledged, the transfers-created counter moved by one for its priority, the byte counters by the study's bytes
/// (every chunk uploaded and downloaded once), and the clinical-time histograms counted it once; the gRPC endpoint
/// does not serve /metrics.
/// </summary>
public sealed class MetricsTests : IClassFixture<ServerFixture>, IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private readonly ServerProcess _server;
    private readonly TempFolder _files = new("metrics");
    private readonly HttpClient _http = new();

    public MetricsTests(ServerFixture fixture)
    {
        _server = fixture.Server;
    }

    public void Dispose()
    {
        _http.Dispose();
        _files.Dispose();
    }

    [Fact]
    public async Task Metrics_AfterOneTransferAcknowledged_CountersMovedByItsAmounts()
    {
        var sent = await SentStudy.CreateAsync(_server, "metrics-src", _files.Combine("study"), seed: 990);
        var receiver = new TransferReceiver(sent.Destination, sent.TransferId, _files.Combine("received"));
        await receiver.ReceiveAllAsync(Deadline);
        Assert.True((await sent.Destination.Downloads.AcknowledgeAsync(receiver.ToAcknowledgeRequest())).Accepted);
        var studyBytes = sent.Study.Instances.Sum(i => i.Size);

        var metrics = await Poll.ForAsync(async () =>
        {
            var text = await _http.GetStringAsync(new Uri(_server.WebAddress, "/metrics"));
            return Value(text, "handoff_transfer_time_to_acknowledged_seconds_count", "routine") == 1 ? text : null;
        }, Deadline, "the acknowledgement in /metrics");
        using var h2 = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var onGrpc = await h2.GetAsync(new Uri(new Uri(_server.Address), "/metrics"));

        Assert.Equal(1, Value(metrics, "handoff_transfers_created_total", "routine"));
        Assert.Equal(1, Value(metrics, "handoff_transfer_time_to_first_instance_seconds_count", "routine"));
        Assert.Equal(studyBytes, Value(metrics, "handoff_bytes_received_bytes_total", null));
        Assert.Equal(studyBytes, Value(metrics, "handoff_bytes_sent_bytes_total", null));
        Assert.Null(Value(metrics, "handoff_chunks_verify_failures_total", null));
        Assert.Contains("# TYPE handoff_transfer_time_to_acknowledged_seconds histogram", metrics, StringComparison.Ordinal);
        Assert.Equal(sent.Study.Instances.Count, Value(metrics, "handoff_instances_received_total", "routine"));
        Assert.Equal(sent.Study.Instances.Count, Value(metrics, "handoff_instances_acknowledged_total", "routine"));
        Assert.Equal(1, Value(metrics, "handoff_transfers_state_entered_total", "routine", "state=\"acknowledged\""));
        Assert.Equal(1, Value(metrics, "handoff_transfers_state_entered_total", "routine", "state=\"available\""));
        Assert.Equal(HttpStatusCode.NotFound, onGrpc.StatusCode);
    }

    /// <summary>The sample of <paramref name="name"/> (with that priority label, when given); null when there is none.</summary>
    private static long? Value(string metrics, string name, string? priority, string? label = null) =>
        PrometheusText.Value(metrics, name, [.. priority is null ? Array.Empty<string>() : [PrometheusText.Label("priority", priority)], .. label is null ? Array.Empty<string>() : [label]]);
}
