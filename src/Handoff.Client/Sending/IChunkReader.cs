namespace Handoff.Client;

/// <summary>
/// Reads the bytes of chunks for one upload stream. Within one instance, chunks are asked for in ascending index
/// order, though an instance may be started again from a lower index after a dropped connection.
/// </summary>
public interface IChunkReader : IDisposable
{
    /// <summary>
    /// Fills <paramref name="destination"/> with chunk <paramref name="index"/> of <paramref name="instance"/>: the
    /// bytes at <see cref="InstanceHashes.Offset"/> (a file), or the chunk with hash
    /// <c>instance.Hashes[index]</c> (a chunk store). The server verifies the bytes against the hash; a source that
    /// changed since it was hashed fails there, naming the chunk.
    /// </summary>
    /// <param name="instance">An instance this source listed.</param>
    /// <param name="index">The chunk index.</param>
    /// <param name="destination">Exactly <c>instance.Hashes.LengthOf(index)</c> bytes.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A task that completes when the bytes are in place.</returns>
    ValueTask ReadChunkAsync(SourceInstance instance, int index, Memory<byte> destination, CancellationToken cancellationToken);
}
