namespace Handoff.Client;

/// <summary>
/// Where the instances of a send come from: files and zip archives (the `handoff` CLI), a server's own chunk store (a
/// federation relay, whose chunk hashes are already known), or instances arriving one by one over the network (a
/// gateway receiving C-STORE). The library asks for the instances once, then reads only the chunks the server lacks.
/// </summary>
public interface IInstanceSource
{
    /// <summary>
    /// What identifies this send between two runs without reading any bytes (for files: name, size and modification
    /// time of each). Sending the same fingerprints to the same destination again finds the transfer an interrupted run
    /// created and resumes it, rather than starting a second one; order does not matter. Read once, before the first
    /// instance is declared.
    /// </summary>
    IReadOnlyCollection<string> Fingerprints { get; }

    /// <summary>
    /// The instances, each with its chunk hashes computed with <paramref name="chunkSize"/>, as soon as each is ready:
    /// declaring and uploading start while the rest is still being hashed (or still arriving).
    /// </summary>
    /// <param name="chunkSize">The server's chunk size.</param>
    /// <param name="cancellationToken">Ends the enumeration.</param>
    /// <returns>The instances, in any order.</returns>
    IAsyncEnumerable<SourceInstance> ReadInstancesAsync(int chunkSize, CancellationToken cancellationToken);

    /// <summary>
    /// A reader for one upload stream. Each stream has its own and disposes it when it ends, so a reader need not be
    /// thread-safe (one open zip archive per reader, say).
    /// </summary>
    /// <returns>A new reader.</returns>
    IChunkReader OpenChunkReader();
}
