using System.Globalization;
using Handoff.Dicom.Synthetic;
using Handoff.Testing;

namespace Handoff.Gateway.Tests;

/// <summary>
/// `handoff gateway --metrics` as a real process: after storescu (the modality) sends a study through one association
/// and a calling AE title that is not allowed is rejected, the gateway's Prometheus text counts one accepted and one
/// rejected association and a successful C-STORE per instance.
/// </summary>
public sealed class GatewayMetricsTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private readonly TempFolder _folder = new("gateway-metrics");
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Metrics_CountAssociationsAndCStoreResults()
    {
        var (_, key) = await HandoffApi.RegisterFacilityAsync(_server, "metrics-gw");
        await HandoffApi.RegisterFacilityAsync(_server, "metrics-dst");
        var files = SyntheticCtStudy.Write(_folder.Combine("modality"), new SyntheticStudyOptions { Slices = 6, Seed = 502, Rows = 64, Columns = 64 }).ToArray();
        var ports = FreePorts.Take(2);
        var (dicomPort, metricsPort) = (ports[0].ToString(CultureInfo.InvariantCulture), ports[1].ToString(CultureInfo.InvariantCulture));
        await using var gateway = HandoffCli.Start(Deadline, "gateway", "--server", _server.Address, "--key", key, "--listen", $"127.0.0.1:{dicomPort}",
            "--ae", "METRICS_GW", "--route", "TO_DST=metrics-dst", "--allow", "CT_SCANNER", "--spool", _folder.Combine("spool"), "--metrics", $"127.0.0.1:{metricsPort}");
        await Poll.UntilAsync(() => gateway.StandardOutput.Contains("listening", StringComparison.Ordinal), Deadline, $"the gateway listening ({gateway.StandardError})");

        var sent = await DicomPeer.RunAsync(Deadline, "storescu", ["-aet", "CT_SCANNER", "-aec", "TO_DST", "127.0.0.1", dicomPort, .. files]);
        var refused = await DicomPeer.RunAsync(Deadline, "echoscu", ["-aet", "INTRUDER", "-aec", "TO_DST", "127.0.0.1", dicomPort]);
        Assert.True(sent.ExitCode == 0, $"storescu: {sent}");
        Assert.NotEqual(0, refused.ExitCode);

        using var http = new HttpClient();
        var text = await Poll.ForAsync(async () =>
        {
            var metrics = await http.GetStringAsync(new Uri($"http://127.0.0.1:{metricsPort}/metrics"));
            return Value(metrics, "handoff_gateway_associations_total", "outcome", "rejected") == 1 ? metrics : null;
        }, Deadline, "the rejected association in /metrics");
        Assert.Equal(1, Value(text, "handoff_gateway_associations_total", "outcome", "accepted"));
        Assert.Equal(files.Length, Value(text, "handoff_gateway_cstore_total", "status", "success"));
        Assert.Null(Value(text, "handoff_gateway_cstore_total", "status", "failure"));
    }

    private static long? Value(string metrics, string name, string label, string value) => PrometheusText.Value(metrics, name, PrometheusText.Label(label, value));
}
