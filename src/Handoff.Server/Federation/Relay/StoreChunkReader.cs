using Handoff.Client;
using Handoff.Server.Receiving;

namespace Handoff.Server.Federation.Relay;

/// <summary>
/// Chunk bytes for the relay's upload streams, read from this cluster's chunk store by hash and verified before they
/// leave (a chunk damaged here is never sent; the peer verifies each again before it stores it).
/// </summary>
internal sealed class StoreChunkReader : IChunkReader
{
    private readonly VerifiedChunkReader _reader;

    public StoreChunkReader(VerifiedChunkReader reader)
    {
        _reader = reader;
    }

    public async ValueTask ReadChunkAsync(SourceInstance instance, int index, Memory<byte> destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        await _reader.ReadVerifiedAsync(instance.Hashes[index].ToString(), destination, cancellationToken);
    }

    public void Dispose()
    {
    }
}
