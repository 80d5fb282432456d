using Handoff.Deploy.Tests.Infrastructure;

namespace Handoff.Deploy.Tests;

/// <summary>The pods' API permissions: exactly what Microsoft.Orleans.Hosting.Kubernetes calls, bound to their account.</summary>
public sealed class RbacTests
{
    public static TheoryData<string> Overlays => RenderedOverlay.Names();

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Role_Overlay_GrantsExactlyThePodVerbsOrleansKubernetesHostingUses(string name)
    {
        var role = RenderedOverlay.Get(name).Single<V1Role>();

        var rule = Assert.Single(role.Rules);
        Assert.Equal([""], rule.ApiGroups);
        Assert.Equal(["pods"], rule.Resources);
        // get + patch: its own pod's orleans/* labels; list + watch: the cluster's pods. No delete (see KubernetesHosting).
        Assert.Equal(["get", "list", "patch", "watch"], rule.Verbs.Order(StringComparer.Ordinal));
        Assert.Null(rule.ResourceNames);
        Assert.Null(rule.NonResourceURLs);
        Assert.Empty(RenderedOverlay.Get(name).All<V1ClusterRole>());
        Assert.Empty(RenderedOverlay.Get(name).All<V1ClusterRoleBinding>());
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void RoleBinding_Overlay_BindsTheRoleToTheDeploymentsServiceAccount(string name)
    {
        var overlay = RenderedOverlay.Get(name);
        var binding = overlay.Single<V1RoleBinding>();
        var account = overlay.Single<V1ServiceAccount>();
        var deployment = overlay.Deployment();

        Assert.Equal("Role", binding.RoleRef.Kind);
        Assert.Equal(overlay.Single<V1Role>().Metadata.Name, binding.RoleRef.Name);
        var subject = Assert.Single(binding.Subjects);
        Assert.Equal("ServiceAccount", subject.Kind);
        Assert.Equal(account.Metadata.Name, subject.Name);
        Assert.Equal(deployment.Metadata.NamespaceProperty, subject.NamespaceProperty);
        Assert.Equal(account.Metadata.Name, overlay.Pod().ServiceAccountName);
        // The hosting package authenticates with the mounted token.
        Assert.NotEqual(false, overlay.Pod().AutomountServiceAccountToken ?? account.AutomountServiceAccountToken);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void NamespacedObjects_Overlay_AllLiveInTheOverlayNamespace(string name)
    {
        var overlay = RenderedOverlay.Get(name);
        var space = overlay.Single<V1Namespace>().Metadata.Name;

        foreach (var item in overlay.All<IKubernetesObject<V1ObjectMeta>>())
        {
            if (item is not V1Namespace)
            {
                Assert.Equal(space, item.Metadata.NamespaceProperty);
            }
        }
    }
}
