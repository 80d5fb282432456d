using System.IO.Enumeration;

namespace Handoff.Storage.Chunks;

/// <summary>Listing the stored chunks with their write times, for the retention sweep.</summary>
public sealed partial class LocalChunkStore
{
    /// <remarks>
    /// One directory walk that reads name and modification time from the same entry, with no stat per file. A chunk's
    /// time is when its temp file was written: linking it into place keeps the time, and nothing rewrites a chunk.
    /// Temp files of writes in progress are skipped: their names are not hashes.
    /// </remarks>
    public IAsyncEnumerable<(string Hash, DateTimeOffset StoredAt)> ListAsync(CancellationToken cancellationToken)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };
        var entries = new FileSystemEnumerable<(string Hash, DateTimeOffset StoredAt)>(
            _chunksRoot, static (ref FileSystemEntry entry) => (entry.FileName.ToString(), entry.LastWriteTimeUtc), options)
        {
            ShouldIncludePredicate = static (ref FileSystemEntry entry) => !entry.IsDirectory && ChunkHash.IsValid(entry.FileName),
        };

        // Synchronous underneath, like the rest of this store (see the class remarks); the sweep runs off the request path.
        return entries.Select(entry =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            return entry;
        }).ToAsyncEnumerable();
    }
}
