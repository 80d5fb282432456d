using Handoff.Deploy.Tests.Infrastructure;

namespace Handoff.Deploy.Tests;

/// <summary>The Service, the disruption budget and the autoscaler all aim at the silo pods.</summary>
public sealed class ExposureTests
{
    public static TheoryData<string> Overlays => RenderedOverlay.Names();

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Service_Overlay_SendsGrpcToThePodsGrpcPort(string name)
    {
        var overlay = RenderedOverlay.Get(name);
        var service = overlay.Single<V1Service>();
        var grpc = Assert.Single(overlay.Server().Ports, port => port.Name == "grpc");

        Assert.True(Workload.Selects(service.Spec.Selector, overlay.PodLabels()), "the Service selects no silo pod");
        var port = Assert.Single(service.Spec.Ports, p => p.Name == "grpc");
        Assert.True(port.TargetPort.Value == grpc.Name || port.TargetPort.Value == grpc.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(7800, port.Port);
        Assert.Equal("kubernetes.io/h2c", port.AppProtocol);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Service_Overlay_SendsWebToThePodsWebEndpoint(string name)
    {
        var overlay = RenderedOverlay.Get(name);
        var service = overlay.Single<V1Service>();
        var server = overlay.Server();
        var web = Assert.Single(server.Ports, port => port.Name == "web");

        var port = Assert.Single(service.Spec.Ports, p => p.Name == "web");
        Assert.Equal(web.Name, port.TargetPort.Value);
        Assert.Equal(7880, port.Port);
        // The pod listens where its port says, on every interface (the default is loopback only).
        Assert.Equal($"http://0.0.0.0:{web.ContainerPort}", server.Env("Kestrel__Endpoints__Web__Url").Value);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void PodDisruptionBudget_Overlay_SelectsThePodsAndAllowsADrain(string name)
    {
        var overlay = RenderedOverlay.Get(name);
        var budget = overlay.Single<V1PodDisruptionBudget>();

        Assert.True(Workload.Selects(budget.Spec.Selector.MatchLabels, overlay.PodLabels()), "the budget protects no silo pod");
        Assert.Null(budget.Spec.MinAvailable);
        Assert.Equal("1", budget.Spec.MaxUnavailable.Value);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Autoscaler_Overlay_ScalesTheDeploymentOnCpu(string name)
    {
        var overlay = RenderedOverlay.Get(name);
        var autoscaler = overlay.Single<V2HorizontalPodAutoscaler>().Spec;
        var deployment = overlay.Deployment();

        Assert.Equal("apps/v1", autoscaler.ScaleTargetRef.ApiVersion);
        Assert.Equal("Deployment", autoscaler.ScaleTargetRef.Kind);
        Assert.Equal(deployment.Metadata.Name, autoscaler.ScaleTargetRef.Name);
        var metric = Assert.Single(autoscaler.Metrics);
        Assert.Equal("cpu", metric.Resource.Name);
        Assert.Equal("Utilization", metric.Resource.Target.Type);
        Assert.InRange(autoscaler.MinReplicas ?? 1, 1, autoscaler.MaxReplicas);
        Assert.Equal(autoscaler.MinReplicas, deployment.Spec.Replicas);
    }

    [Fact]
    public void Overlays_DevAndProduction_DifferInNamespaceSizeAndImage()
    {
        var dev = RenderedOverlay.Get("dev");
        var production = RenderedOverlay.Get("production");

        Assert.NotEqual(dev.Single<V1Namespace>().Metadata.Name, production.Single<V1Namespace>().Metadata.Name);
        Assert.True(production.Deployment().Spec.Replicas >= 3, "production runs three silos at least");
        Assert.True(production.Server().Resources.Limits["memory"].ToDecimal() > dev.Server().Resources.Limits["memory"].ToDecimal());
        Assert.NotEqual(dev.Server().Image, production.Server().Image);
        Assert.DoesNotContain(":latest", production.Server().Image, StringComparison.Ordinal);
        Assert.Contains(':', production.Server().Image);
    }
}
