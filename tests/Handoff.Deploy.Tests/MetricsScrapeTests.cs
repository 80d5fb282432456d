using System.Text.Json;
using System.Text.RegularExpressions;
using Handoff.Deploy.Tests.Infrastructure;

namespace Handoff.Deploy.Tests;

/// <summary>
/// Operators can graph what the server exports: every overlay's pods are annotated for Prometheus to scrape /metrics
/// on the web container port, and every query of the Grafana dashboard names a metric the server exports.
/// </summary>
public sealed partial class MetricsScrapeTests
{
    /// <summary>
    /// What the server and the gateway export under their own meters (MetricsTests in Handoff.Server.Tests and
    /// GatewayMetricsTests in Handoff.Gateway.Tests check them on real processes).
    /// </summary>
    private static readonly string[] Exported =
    [
        "handoff_transfers_created_total", "handoff_transfer_time_to_acknowledged_seconds_bucket", "handoff_transfer_time_to_first_instance_seconds_bucket",
        "handoff_bytes_received_bytes_total", "handoff_bytes_sent_bytes_total", "handoff_chunks_verify_failures_total",
        "handoff_transfers_state_entered_total", "handoff_instances_received_total", "handoff_instances_acknowledged_total",
        "handoff_relay_lag_seconds_bucket", "handoff_relay_waits_total",
        "handoff_gateway_associations_total", "handoff_gateway_cstore_total", "handoff_gateway_delivered_total",
    ];

    public static TheoryData<string> Overlays => RenderedOverlay.Names();

    [Theory]
    [MemberData(nameof(Overlays))]
    public void PodTemplate_Overlay_AnnotatedForScrapingTheWebPort(string name)
    {
        var overlay = RenderedOverlay.Get(name);
        var annotations = overlay.Deployment().Spec.Template.Metadata.Annotations;
        var web = Assert.Single(overlay.Server().Ports, port => port.Name == "web");

        Assert.Equal("true", annotations["prometheus.io/scrape"]);
        Assert.Equal(web.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture), annotations["prometheus.io/port"]);
        Assert.Equal("/metrics", annotations["prometheus.io/path"]);
    }

    [Fact]
    public void GrafanaDashboard_EveryQuery_NamesAnExportedMetric()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Combine("deploy", "grafana", "handoff.json")));
        var expressions = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(panel => panel.GetProperty("targets").EnumerateArray()).Select(target => target.GetProperty("expr").GetString()!).ToList();

        Assert.True(expressions.Count >= 5);
        foreach (var expression in expressions)
        {
            var named = MetricName().Matches(expression).Select(m => m.Value).ToList();
            Assert.NotEmpty(named);
            Assert.All(named, metric => Assert.Contains(metric, Exported));
        }
    }

    [GeneratedRegex("handoff_[a-z_]+")]
    private static partial Regex MetricName();
}
