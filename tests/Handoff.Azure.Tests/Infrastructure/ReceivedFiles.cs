using Handoff.Testing;

namespace Handoff.Azure.Tests.Infrastructure;

/// <summary>What `handoff receive` wrote: finished instances only (`.dcm`; `.part` files are still being written).</summary>
public static class ReceivedFiles
{
    public static int Count(string folder) =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*.dcm", SearchOption.AllDirectories).Count() : 0;

    /// <summary>Every instance of <paramref name="study"/> arrived under its SOP Instance UID, byte for byte.</summary>
    public static void AssertIdentical(LocalStudy study, string folder)
    {
        var files = Directory.GetFiles(folder, "*.dcm", SearchOption.AllDirectories).ToDictionary(f => Path.GetFileNameWithoutExtension(f)!);
        Assert.Equal(study.Instances.Count, files.Count);
        foreach (var instance in study.Instances)
            Assert.Equal(File.ReadAllBytes(instance.Path), File.ReadAllBytes(files[instance.SopInstanceUid]));
    }

    /// <summary>The chunk container holds exactly the study's distinct chunks: none missing, none twice, nothing else.</summary>
    public static async Task AssertStoredOnceAsync(SiloCluster cluster, params LocalStudy[] studies)
    {
        var distinct = studies.SelectMany(s => s.Instances).SelectMany(i => i.ChunkHashes).Select(Convert.ToHexStringLower).Distinct().ToList();
        var store = cluster.ChunkStore();
        Assert.Equal(distinct.Count, await store.CountAsync(CancellationToken.None));
        Assert.Empty(await store.FindMissingAsync(distinct, CancellationToken.None));
    }
}
