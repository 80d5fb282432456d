using System.Collections.Concurrent;
using System.Diagnostics;

namespace Handoff.Deploy.Tests.Infrastructure;

/// <summary>
/// One overlay of deploy/k8s as `kubectl kustomize` renders it (offline), loaded strictly by KubernetesClient: an
/// unknown or misspelt field fails the load, as the API server would reject it. Rendered once per overlay per run.
/// </summary>
public sealed class RenderedOverlay
{
    private static readonly ConcurrentDictionary<string, Lazy<RenderedOverlay>> Cache = new(StringComparer.Ordinal);

    private RenderedOverlay(string name, string yaml, IReadOnlyList<object> objects)
    {
        Name = name;
        Yaml = yaml;
        Objects = objects;
    }

    public string Name { get; }

    public string Yaml { get; }

    public IReadOnlyList<object> Objects { get; }

    public static string OverlaysPath => RepositoryRoot.Combine("deploy", "k8s", "overlays");

    /// <summary>Every overlay folder, so a new overlay is checked without touching the tests.</summary>
    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var folder in Directory.GetDirectories(OverlaysPath).Order(StringComparer.Ordinal))
        {
            names.Add(System.IO.Path.GetFileName(folder));
        }

        return names;
    }

    public static RenderedOverlay Get(string name) =>
        Cache.GetOrAdd(name, key => new Lazy<RenderedOverlay>(() => Render(key))).Value;

    public IEnumerable<T> All<T>() => Objects.OfType<T>();

    public T Single<T>() where T : class
    {
        var found = Objects.OfType<T>().ToList();
        Assert.True(found.Count == 1, $"overlay {Name}: expected one {typeof(T).Name}, found {found.Count}");
        return found[0];
    }

    private static RenderedOverlay Render(string name)
    {
        var start = new ProcessStartInfo("kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Path,
        };
        start.ArgumentList.Add("kustomize");
        start.ArgumentList.Add(System.IO.Path.Combine("deploy", "k8s", "overlays", name));

        using var kubectl = StartKubectl(start);
        var error = kubectl.StandardError.ReadToEndAsync();
        var yaml = kubectl.StandardOutput.ReadToEnd();
        if (!kubectl.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            kubectl.Kill();
            throw new TimeoutException($"kubectl kustomize {name} did not finish within a minute");
        }

        if (kubectl.ExitCode != 0)
        {
            throw new InvalidOperationException($"kubectl kustomize {name} failed ({kubectl.ExitCode}): {error.Result}");
        }

        return new RenderedOverlay(name, yaml, KubernetesYaml.LoadAllFromString(yaml, strict: true));
    }

    private static Process StartKubectl(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
        }
        catch (System.ComponentModel.Win32Exception missing)
        {
            throw new InvalidOperationException("kubectl (1.32 or later) must be on PATH: these tests render deploy/k8s with `kubectl kustomize`.", missing);
        }
    }
}
