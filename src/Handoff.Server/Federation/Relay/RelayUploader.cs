using Handoff.Protos.V1;
using Handoff.Server.Receiving;

namespace Handoff.Server.Federation.Relay;

/// <summary>
/// Sends chunks from this cluster's store to the peer over several UploadChunks streams at once (the same protocol
/// a facility's client uses). Every chunk is read through <see cref="VerifiedChunkReader"/>, so a chunk damaged here
/// is never sent; the peer verifies each again before it stores it. Acknowledgements are read while sending, so
/// neither side's flow-control window fills up.
/// </summary>
public sealed class RelayUploader
{
    private const int Streams = 4;

    private readonly VerifiedChunkReader _reader;

    public RelayUploader(VerifiedChunkReader reader)
    {
        _reader = reader;
    }

    /// <summary>Uploads <paramref name="hashes"/> of one study; returns the number of chunks the peer acknowledged.</summary>
    public async Task<int> UploadAsync(PeerClients peer, string studyInstanceUid, IReadOnlyList<string> hashes, int chunkSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(hashes);
        if (hashes.Count == 0)
            return 0;
        var streams = Math.Min(Streams, hashes.Count);
        var shares = new List<string>[streams];
        for (var i = 0; i < streams; i++)
            shares[i] = [];
        for (var i = 0; i < hashes.Count; i++)
            shares[i % streams].Add(hashes[i]);
        var acknowledged = await Task.WhenAll(shares.Select(share => UploadStreamAsync(peer, studyInstanceUid, share, chunkSize, cancellationToken)));
        return acknowledged.Sum();
    }

    private async Task<int> UploadStreamAsync(PeerClients peer, string studyInstanceUid, IReadOnlyList<string> hashes, int chunkSize, CancellationToken cancellationToken)
    {
        using var call = peer.Uploads.UploadChunks(cancellationToken: cancellationToken);
        var acknowledgements = CountAcknowledgementsAsync(call.ResponseStream, cancellationToken);
        await call.RequestStream.WriteAsync(new UploadChunksRequest { Header = new UploadHeader { StudyInstanceUid = studyInstanceUid } }, cancellationToken);
        await _reader.SendAsync(hashes, chunkSize, (chunk, token) => call.RequestStream.WriteAsync(new UploadChunksRequest { Chunk = chunk }, token),
            cancellationToken, CancellationToken.None);
        await call.RequestStream.CompleteAsync();
        var acknowledged = await acknowledgements;
        if (acknowledged != hashes.Count)
            throw new RpcException(new Status(StatusCode.Unavailable, $"the peer acknowledged {acknowledged} of {hashes.Count} chunks"));
        return acknowledged;
    }

    private static async Task<int> CountAcknowledgementsAsync(IAsyncStreamReader<UploadChunksResponse> responses, CancellationToken cancellationToken)
    {
        var count = 0;
        while (await responses.MoveNext(cancellationToken))
            count++;
        return count;
    }
}
