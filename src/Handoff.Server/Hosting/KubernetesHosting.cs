using Orleans.Hosting.Kubernetes;

namespace Handoff.Server.Hosting;

/// <summary>
/// Orleans Kubernetes hosting, switched on only inside a pod: the kubelet sets <c>KUBERNETES_SERVICE_HOST</c> in every
/// container, and the manifests in deploy/k8s add <c>POD_NAME</c> and <c>POD_NAMESPACE</c> from the downward API. The
/// embedded default (none of these set) is left exactly as it was. Pod labels and RBAC: deploy/k8s/base.
/// </summary>
public static class KubernetesHosting
{
    public const string ServiceHostVariable = "KUBERNETES_SERVICE_HOST";

    /// <summary>True when all three variables are set; a lone KUBERNETES_SERVICE_HOST (a pod without our manifests)
    /// is not enough, because the hosting package needs to know its pod to label and watch it.</summary>
    public static bool IsDetected(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return !string.IsNullOrWhiteSpace(environment(ServiceHostVariable))
            && !string.IsNullOrWhiteSpace(environment(KubernetesHostingOptions.PodNameEnvironmentVariable))
            && !string.IsNullOrWhiteSpace(environment(KubernetesHostingOptions.PodNamespaceEnvironmentVariable));
    }

    public static ISiloBuilder UseKubernetesHostingWhenDetected(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (!IsDetected(Environment.GetEnvironmentVariable))
        {
            return silo;
        }

        // Pods of dead silos are left to the Deployment: the Role in deploy/k8s grants get, list, watch and patch on
        // pods, not delete. Turning this on needs "delete" added there too.
        return silo.UseKubernetesHosting(options => options.Configure(kubernetes => kubernetes.DeleteDefunctSiloPods = false));
    }
}
