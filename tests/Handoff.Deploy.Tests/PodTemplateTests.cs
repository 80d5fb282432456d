using Handoff.Deploy.Tests.Infrastructure;

namespace Handoff.Deploy.Tests;

/// <summary>The silo pods: labels and environment Orleans Kubernetes hosting reads, probes, resources, shutdown.</summary>
public sealed class PodTemplateTests
{
    public static TheoryData<string> Overlays => RenderedOverlay.Names();

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Render_Overlay_HoldsEveryObjectAClusterNeeds(string name)
    {
        var overlay = RenderedOverlay.Get(name);

        overlay.Single<V1ServiceAccount>();
        overlay.Single<V1Role>();
        overlay.Single<V1RoleBinding>();
        overlay.Single<V1Deployment>();
        overlay.Single<V1Service>();
        overlay.Single<V1PodDisruptionBudget>();
        overlay.Single<V2HorizontalPodAutoscaler>();
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void DeploymentSelector_Overlay_MatchesPodLabels(string name)
    {
        var overlay = RenderedOverlay.Get(name);
        var selector = overlay.Deployment().Spec.Selector;

        Assert.Null(selector.MatchExpressions);
        Assert.True(Workload.Selects(selector.MatchLabels, overlay.PodLabels()), "the Deployment would not own its pods");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void PodLabels_Overlay_CarryOrleansIdsThatTheEnvironmentReads(string name)
    {
        var overlay = RenderedOverlay.Get(name);
        var labels = overlay.PodLabels();
        var server = overlay.Server();

        Assert.False(string.IsNullOrWhiteSpace(labels["orleans/serviceId"]));
        Assert.False(string.IsNullOrWhiteSpace(labels["orleans/clusterId"]));
        Assert.Equal("metadata.labels['orleans/serviceId']", server.Env("ORLEANS_SERVICE_ID").ValueFrom.FieldRef.FieldPath);
        Assert.Equal("metadata.labels['orleans/clusterId']", server.Env("ORLEANS_CLUSTER_ID").ValueFrom.FieldRef.FieldPath);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void PodEnvironment_Overlay_TakesPodIdentityFromDownwardApi(string name)
    {
        var server = RenderedOverlay.Get(name).Server();

        Assert.Equal("metadata.name", server.Env("POD_NAME").ValueFrom.FieldRef.FieldPath);
        Assert.Equal("metadata.namespace", server.Env("POD_NAMESPACE").ValueFrom.FieldRef.FieldPath);
        Assert.Equal("status.podIP", server.Env("POD_IP").ValueFrom.FieldRef.FieldPath);
        foreach (var variable in new[] { "POD_NAME", "POD_NAMESPACE", "POD_IP", "ORLEANS_SERVICE_ID", "ORLEANS_CLUSTER_ID" })
        {
            Assert.Null(server.Env(variable).Value);
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Probes_Overlay_AskGrpcHealthOnTheGrpcPort(string name)
    {
        var server = RenderedOverlay.Get(name).Server();
        var grpcPort = Assert.Single(server.Ports, port => port.Name == "grpc").ContainerPort;

        Assert.Equal(7800, grpcPort);
        Assert.Equal($"http://0.0.0.0:{grpcPort}", server.Env("Kestrel__Endpoints__Grpc__Url").Value);
        foreach (var probe in new[] { server.ReadinessProbe, server.LivenessProbe, server.StartupProbe })
        {
            Assert.NotNull(probe);
            Assert.NotNull(probe.Grpc);
            Assert.Equal(grpcPort, probe.Grpc.Port);
            // The overall server health (empty service name), which grpc.health.v1 answers without an API key.
            Assert.True(string.IsNullOrEmpty(probe.Grpc.Service));
            Assert.Null(probe.HttpGet);
            Assert.Null(probe.TcpSocket);
            Assert.Null(probe.Exec);
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Resources_Overlay_SetRequestsAndLimitsWithinEachOther(string name)
    {
        var resources = RenderedOverlay.Get(name).Server().Resources;

        foreach (var resource in new[] { "cpu", "memory" })
        {
            var request = resources.Requests[resource].ToDecimal();
            var limit = resources.Limits[resource].ToDecimal();
            Assert.True(request > 0 && request <= limit, $"{resource}: request {request}, limit {limit}");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void TerminationGracePeriod_Overlay_LeavesTimeToDrainAfterPreStopAndHostShutdown(string name)
    {
        var overlay = RenderedOverlay.Get(name);
        var grace = overlay.Pod().TerminationGracePeriodSeconds ?? 30;
        var preStop = overlay.Server().Lifecycle?.PreStop?.Sleep?.Seconds ?? 0;
        var hostShutdown = long.Parse(overlay.Server().Env("DOTNET_shutdownTimeoutSeconds").Value, System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(grace >= 30, $"terminationGracePeriodSeconds {grace}");
        Assert.True(preStop + hostShutdown < grace, $"preStop {preStop} s + host shutdown {hostShutdown} s must end before the kill at {grace} s");
    }
}
