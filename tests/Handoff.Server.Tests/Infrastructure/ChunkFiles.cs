using Handoff.Testing;

namespace Handoff.Server.Tests.Infrastructure;

/// <summary>What the local chunk store holds on disk: one file per chunk under &lt;data&gt;/chunks, temp files excluded.</summary>
public static class ChunkFiles
{
    public static IReadOnlyList<string> List(ServerProcess server)
    {
        var root = Path.Combine(server.DataPath, "chunks");
        if (!Directory.Exists(root))
            return [];
        return Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Where(path => !path.EndsWith(".tmp", StringComparison.Ordinal))
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)
            .ToList()!;
    }

    /// <summary>Every chunk file with its bytes' fingerprint, to prove a failed request changed nothing.</summary>
    public static IReadOnlyDictionary<string, DateTime> Snapshot(ServerProcess server)
    {
        var root = Path.Combine(server.DataPath, "chunks");
        if (!Directory.Exists(root))
            return new Dictionary<string, DateTime>();
        return Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Where(path => !path.EndsWith(".tmp", StringComparison.Ordinal))
            .ToDictionary(path => path, File.GetLastWriteTimeUtc, StringComparer.Ordinal);
    }
}
