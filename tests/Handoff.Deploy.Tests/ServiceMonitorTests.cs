using System.Diagnostics;
using Handoff.Deploy.Tests.Infrastructure;
using k8s;
using k8s.Models;
using YamlDotNet.Serialization;

namespace Handoff.Deploy.Tests;

/// <summary>
/// The ServiceMonitor component (for clusters with the Prometheus Operator), rendered with the production overlay by
/// `kubectl kustomize`: it selects the Service the silos are behind, by that Service's own labels, and scrapes
/// /metrics on the Service's `web` port, the one that serves it.
/// </summary>
public sealed class ServiceMonitorTests : IDisposable
{
    private readonly string _folder = RepositoryRoot.Combine("tests", "Handoff.Deploy.Tests", "obj", $"kustomize-{Guid.NewGuid():N}");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void ServiceMonitor_WithProductionOverlay_ScrapesTheWebPortOfTheSilosService()
    {
        // As an operator adds it: the production overlay and the component, in the overlay's namespace.
        Directory.CreateDirectory(_folder);
        var root = Path.GetRelativePath(_folder, RepositoryRoot.Path);
        File.WriteAllText(Path.Combine(_folder, "kustomization.yaml"), $"""
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            namespace: handoff
            resources: [{root}/deploy/k8s/overlays/production]
            components: [{root}/deploy/k8s/components/service-monitor]
            """);
        var documents = Render(_folder).Split("\n---\n");
        var monitorYaml = Assert.Single(documents, d => d.Contains("kind: ServiceMonitor", StringComparison.Ordinal));
        var service = documents.Where(d => d.Contains("kind: Service\n", StringComparison.Ordinal))
            .Select(d => KubernetesYaml.Deserialize<V1Service>(d, strict: true)).Single(s => s.Metadata.Name == "handoff-grpc");

        var monitor = new DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(monitorYaml);
        var spec = (Dictionary<object, object>)monitor["spec"];
        var selector = (Dictionary<object, object>)((Dictionary<object, object>)spec["selector"])["matchLabels"];
        var endpoint = (Dictionary<object, object>)Assert.Single((List<object>)spec["endpoints"]);
        var metadata = (Dictionary<object, object>)monitor["metadata"];

        Assert.Equal("handoff", metadata["namespace"]);
        Assert.All(selector, label => Assert.Equal(label.Value, service.Metadata.Labels[(string)label.Key]));
        Assert.Contains(service.Spec.Ports, port => port.Name == (string)endpoint["port"]);
        Assert.Equal("web", endpoint["port"]);
        Assert.Equal("/metrics", endpoint["path"]);
    }

    private static string Render(string folder)
    {
        var start = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("kustomize");
        start.ArgumentList.Add(folder);
        using var kubectl = Process.Start(start)!;
        var error = kubectl.StandardError.ReadToEndAsync();
        var yaml = kubectl.StandardOutput.ReadToEnd();
        Assert.True(kubectl.WaitForExit(TimeSpan.FromMinutes(1)), "kubectl kustomize did not finish");
        Assert.True(kubectl.ExitCode == 0, $"kubectl kustomize failed: {error.Result}");
        return yaml;
    }
}
