using Handoff.Testing;

namespace Handoff.Server.Tests.Infrastructure;

/// <summary>
/// What the local chunk store holds on disk, with each file's last write: one file per chunk under &lt;data&gt;/chunks,
/// temp files excluded (the names alone: <see cref="ServerProcess.ChunkFiles"/>).
/// </summary>
public static class ChunkFiles
{
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
