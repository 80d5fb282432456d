using System.Text.RegularExpressions;
using Handoff.Deploy.Tests.Infrastructure;

namespace Handoff.Deploy.Tests;

/// <summary>What a hospital security review asks first: where the storage key lives and what the pod may do.</summary>
public sealed partial class SecurityTests
{
    public static TheoryData<string> Overlays => RenderedOverlay.Names();

    [Theory]
    [MemberData(nameof(Overlays))]
    public void StorageConnectionString_Overlay_ComesFromSecretKeyRef(string name)
    {
        var server = RenderedOverlay.Get(name).Server();
        var connection = server.Env("Handoff__Azure__ConnectionString");

        Assert.Equal("Azure", server.Env("Handoff__Storage").Value);
        Assert.Null(connection.Value);
        Assert.Equal("handoff-storage", connection.ValueFrom.SecretKeyRef.Name);
        Assert.Equal("connection-string", connection.ValueFrom.SecretKeyRef.Key);
        Assert.NotEqual(true, connection.ValueFrom.SecretKeyRef.Optional);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void OperatorKey_Overlay_SameSecretForEveryPodOrSharedThroughStorage(string name)
    {
        var operatorKey = RenderedOverlay.Get(name).Server().Env("Handoff__OperatorKey");

        Assert.Null(operatorKey.Value);
        Assert.Equal("handoff-operator", operatorKey.ValueFrom.SecretKeyRef.Name);
        Assert.Equal("operator-key", operatorKey.ValueFrom.SecretKeyRef.Key);
        // Optional: without the Secret the pods share a key created in the storage account, never one per pod.
        Assert.True(operatorKey.ValueFrom.SecretKeyRef.Optional);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void RenderedManifests_Overlay_HoldNoCredentials(string name)
    {
        var overlay = RenderedOverlay.Get(name);

        Assert.Empty(overlay.All<V1Secret>());
        foreach (var variable in overlay.Server().Env)
        {
            Assert.False(variable.Value is not null && CredentialPattern().IsMatch(variable.Value), $"env {variable.Name} holds a credential");
        }

        Assert.DoesNotMatch(CredentialPattern(), overlay.Yaml);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void SecurityContext_Overlay_RunsNonRootOnReadOnlyRootWithoutCapabilities(string name)
    {
        var overlay = RenderedOverlay.Get(name);
        var pod = overlay.Pod().SecurityContext;
        var container = overlay.Server().SecurityContext;

        Assert.True(pod.RunAsNonRoot == true || container.RunAsNonRoot == true);
        Assert.NotEqual(0, container.RunAsUser ?? pod.RunAsUser);
        Assert.True(container.ReadOnlyRootFilesystem);
        Assert.False(container.AllowPrivilegeEscalation);
        Assert.Null(container.Privileged);
        Assert.Equal(["ALL"], container.Capabilities.Drop);
        Assert.Null(container.Capabilities.Add);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void WritablePaths_Overlay_AreEmptyDirVolumesForTmpAndTheDataPath(string name)
    {
        var overlay = RenderedOverlay.Get(name);
        var server = overlay.Server();
        var dataPath = server.Env("Handoff__DataPath").Value;

        foreach (var path in new[] { "/tmp", dataPath })
        {
            var mount = Assert.Single(server.VolumeMounts, mount => mount.MountPath == path);
            Assert.NotEqual(true, mount.ReadOnlyProperty);
            var volume = Assert.Single(overlay.Pod().Volumes, volume => volume.Name == mount.Name);
            Assert.NotNull(volume.EmptyDir);
        }
    }

    // Azure Storage connection strings and SAS tokens: account keys, protocol prefixes, signatures.
    [GeneratedRegex("AccountKey=|DefaultEndpointsProtocol=|SharedAccessSignature=|[?&]sig=", RegexOptions.IgnoreCase)]
    private static partial Regex CredentialPattern();
}
