namespace Handoff.Deploy.Tests.Infrastructure;

/// <summary>Shortcuts into the overlay's one Deployment: its pod template and the server container.</summary>
public static class Workload
{
    public const string ContainerName = "server";

    public static V1Deployment Deployment(this RenderedOverlay overlay) => overlay.Single<V1Deployment>();

    public static V1PodSpec Pod(this RenderedOverlay overlay) => overlay.Deployment().Spec.Template.Spec;

    public static IDictionary<string, string> PodLabels(this RenderedOverlay overlay) =>
        overlay.Deployment().Spec.Template.Metadata.Labels;

    public static V1Container Server(this RenderedOverlay overlay) =>
        Assert.Single(overlay.Pod().Containers, container => container.Name == ContainerName);

    public static V1EnvVar Env(this V1Container container, string name)
    {
        var found = container.Env?.Where(variable => variable.Name == name).ToList() ?? [];
        Assert.True(found.Count == 1, $"container {container.Name}: expected env {name} once, found {found.Count}");
        return found[0];
    }

    /// <summary>True when every pair of the selector is among the labels (how Kubernetes matches matchLabels).</summary>
    public static bool Selects(IDictionary<string, string>? selector, IDictionary<string, string> labels) =>
        selector is { Count: > 0 }
        && selector.All(pair => labels.TryGetValue(pair.Key, out var value) && value == pair.Value);
}
