namespace Handoff.Client;

/// <summary>
/// Stores one received instance. Chunks arrive verified, in any order, possibly from several download streams at once
/// (but never the same index twice at once); <see cref="CommitAsync"/> follows once every chunk has been written.
/// </summary>
public interface IInstanceWriter : IDisposable
{
    /// <summary>
    /// What an earlier, interrupted receive left: whether the whole instance is already stored (then nothing is
    /// downloaded and <see cref="CommitAsync"/> is not called), and otherwise which chunks are held and verify
    /// against <see cref="ReceivedInstance.Hashes"/> (those are not downloaded again). A sink that keeps nothing
    /// between runs returns <see cref="HeldChunks.None"/>.
    /// </summary>
    /// <returns>What is held.</returns>
    HeldChunks FindHeld();

    /// <summary>Stores chunk <paramref name="index"/>, whose bytes have been verified against its hash.</summary>
    /// <param name="index">The chunk index.</param>
    /// <param name="offset">Where the chunk starts in the instance.</param>
    /// <param name="data">The chunk's bytes; valid only during the call.</param>
    void WriteChunk(int index, long offset, ReadOnlySpan<byte> data);

    /// <summary>
    /// Every chunk has been written: make the instance visible (rename a partial file, store it into a PACS). Until
    /// then nothing of it may look complete to anyone else.
    /// </summary>
    /// <param name="cancellationToken">Cancels the commit.</param>
    /// <returns>A task that completes once the instance is stored.</returns>
    ValueTask CommitAsync(CancellationToken cancellationToken);
}
