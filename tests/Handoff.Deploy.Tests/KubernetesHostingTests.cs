using Handoff.Deploy.Tests.Infrastructure;
using Handoff.Server.Hosting;

namespace Handoff.Deploy.Tests;

/// <summary>The server turns on Orleans Kubernetes hosting inside the pods of deploy/k8s and nowhere else.</summary>
public sealed class KubernetesHostingTests
{
    [Fact]
    public void IsDetected_NoKubernetesVariables_False()
    {
        Assert.False(KubernetesHosting.IsDetected(_ => null));
    }

    [Fact]
    public void IsDetected_AnyPodWithoutDownwardApiVariables_False()
    {
        var environment = new Dictionary<string, string> { ["KUBERNETES_SERVICE_HOST"] = "10.0.0.1" };

        Assert.False(KubernetesHosting.IsDetected(environment.GetValueOrDefault));
    }

    [Fact]
    public void IsDetected_EmptyPodName_False()
    {
        var environment = new Dictionary<string, string>
        {
            ["KUBERNETES_SERVICE_HOST"] = "10.0.0.1",
            ["POD_NAME"] = " ",
            ["POD_NAMESPACE"] = "handoff",
        };

        Assert.False(KubernetesHosting.IsDetected(environment.GetValueOrDefault));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void IsDetected_PodOfTheOverlayDeployment_True(string name)
    {
        // What the kubelet sets, plus every variable the overlay's Deployment declares (downward API values stubbed).
        var environment = new Dictionary<string, string> { ["KUBERNETES_SERVICE_HOST"] = "10.0.0.1" };
        foreach (var variable in RenderedOverlay.Get(name).Server().Env)
        {
            environment[variable.Name] = variable.Value ?? "from-" + (variable.ValueFrom.FieldRef?.FieldPath ?? "secret");
        }

        Assert.True(KubernetesHosting.IsDetected(environment.GetValueOrDefault));
    }

    public static TheoryData<string> Overlays => RenderedOverlay.Names();
}
