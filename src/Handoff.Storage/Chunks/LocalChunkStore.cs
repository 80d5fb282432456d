using Handoff.Storage.Files;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Handoff.Storage.Chunks;

/// <summary>
/// Chunks as files under <c>&lt;root&gt;/chunks/&lt;2 hex&gt;/&lt;hash&gt;</c>: 256 directories made once at start, so
/// a put never creates one (ext4's hashed directories stay fast with millions of entries each). A put writes a unique temp file next to the target and links it into place
/// without overwrite, so concurrent puts of one chunk end with one whole file and a SIGKILL leaves only a temp file,
/// which no read or count ever sees. Folders are 0700 and chunk files 0600 (<see cref="OwnerOnly"/>).
/// </summary>
/// <remarks>
/// The file calls are synchronous inside the Task-returning methods on purpose: on Linux .NET has no asynchronous
/// file I/O, so an "async" read or write is the same blocking pread/pwrite moved to another pool thread. A 1 MiB copy
/// to or from the page cache takes about 100 µs, less than the hop would cost, and the caller is already on the pool.
/// </remarks>
public sealed partial class LocalChunkStore : IChunkStore
{
    private const int ParallelLookupThreshold = 256;

    private static readonly Task<bool> True = Task.FromResult(true);
    private static readonly Task<bool> False = Task.FromResult(false);

    private readonly string _chunksRoot;
    private readonly bool _flushToDisk;

    /// <param name="rootDirectory">The data folder; chunks go to its <c>chunks</c> subfolder.</param>
    /// <param name="flushToDisk">
    /// fsync each chunk before it becomes visible. Off by default: a SIGKILL of the process cannot lose data already
    /// written to the page cache; only power loss or a kernel crash can, and then, depending on the file system, a chunk
    /// may be missing or hold wrong bytes (which the destination's hash check reports). Turn it on where the machine
    /// itself may lose power; each put then waits for the disk.
    /// </param>
    /// <param name="logger">Reports temp files removed at startup.</param>
    public LocalChunkStore(string rootDirectory, bool flushToDisk = false, ILogger<LocalChunkStore>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        _chunksRoot = Path.Combine(Path.GetFullPath(rootDirectory), "chunks");
        _flushToDisk = flushToDisk;
        OwnerOnly.EnsureDirectory(_chunksRoot);
        CreateFanOut(_chunksRoot);

        var removed = AtomicFile.DeleteStaleTempFiles(_chunksRoot, "*" + AtomicFile.TempSuffix, recursive: true);
        if (removed > 0)
        {
            LogTempFilesRemoved(logger ?? (ILogger)NullLogger.Instance, removed, _chunksRoot);
        }
    }

    public Task<IReadOnlySet<string>> FindMissingAsync(IReadOnlyCollection<string> hashes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        var unique = new HashSet<string>(hashes.Count, StringComparer.Ordinal);
        foreach (var hash in hashes)
        {
            ChunkHash.Validate(hash, nameof(hashes));
            unique.Add(hash);
        }

        var candidates = new string[unique.Count];
        unique.CopyTo(candidates);
        var present = new bool[candidates.Length];
        if (candidates.Length < ParallelLookupThreshold)
        {
            for (var i = 0; i < candidates.Length; i++)
            {
                present[i] = File.Exists(ChunkPath(candidates[i]));
            }
        }
        else
        {
            // A stat served from the dentry cache costs a few microseconds, one from disk a seek: spread a large
            // manifest over the cores so that neither case adds up. Each index is written by exactly one worker.
            var options = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
            Parallel.For(0, candidates.Length, options, i => present[i] = File.Exists(ChunkPath(candidates[i])));
        }

        var missing = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < candidates.Length; i++)
        {
            if (!present[i])
            {
                missing.Add(candidates[i]);
            }
        }

        return Task.FromResult<IReadOnlySet<string>>(missing);
    }

    public Task<bool> ExistsAsync(string hash, CancellationToken cancellationToken)
    {
        ChunkHash.Validate(hash);
        return File.Exists(ChunkPath(hash)) ? True : False;
    }

    public Task<bool> PutAsync(string hash, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        ChunkHash.Validate(hash);
        cancellationToken.ThrowIfCancellationRequested();
        var path = ChunkPath(hash);
        if (File.Exists(path))
        {
            return False;
        }

        var temp = AtomicFile.TempPathFor(path);
        try
        {
            WriteTemp(hash, temp, data.Span);

            // Of several concurrent puts of one chunk exactly one links its temp file into place; the stored chunk is
            // never rewritten under a reader, and only the winner reports "newly stored".
            if (NoReplaceMove.TryMove(temp, path))
            {
                return True;
            }

            // Another put of the same hash won; its bytes are ours by construction (the caller verified the hash).
            AtomicFile.TryDelete(temp);
            return False;
        }
        catch
        {
            AtomicFile.TryDelete(temp);
            throw;
        }
    }

    public Task<int> ReadAsync(string hash, Memory<byte> destination, CancellationToken cancellationToken)
    {
        ChunkHash.Validate(hash);
        cancellationToken.ThrowIfCancellationRequested();
        using var handle = OpenForRead(hash, FileOptions.SequentialScan);
        var length = RandomAccess.GetLength(handle);
        if (length > destination.Length)
        {
            throw new ArgumentException($"chunk {hash} is {length} bytes, the buffer only {destination.Length}", nameof(destination));
        }

        var read = ReadFully(handle, destination.Span[..(int)length], 0);
        return Task.FromResult(read);
    }

    public int ReadRange(string hash, long offset, Span<byte> destination)
    {
        ChunkHash.Validate(hash);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        using var handle = OpenForRead(hash, FileOptions.None);
        return ReadFully(handle, destination, offset);
    }

    public Task<long?> GetLengthAsync(string hash, CancellationToken cancellationToken)
    {
        ChunkHash.Validate(hash);
        var info = new FileInfo(ChunkPath(hash));
        return Task.FromResult(info.Exists ? info.Length : (long?)null);
    }

    public Task<bool> DeleteAsync(string hash, CancellationToken cancellationToken)
    {
        ChunkHash.Validate(hash);
        var path = ChunkPath(hash);
        if (!File.Exists(path))
        {
            return False;
        }

        // A reader holding the file open keeps its bytes until it closes: unlink never tears a read in progress.
        File.Delete(path);
        return True;
    }

    public Task<long> CountAsync(CancellationToken cancellationToken)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };
        long count = 0;
        foreach (var name in Directory.EnumerateFiles(_chunksRoot, "*", options))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ChunkHash.IsValid(Path.GetFileName(name.AsSpan())))
            {
                count++;
            }
        }

        return Task.FromResult(count);
    }
}
