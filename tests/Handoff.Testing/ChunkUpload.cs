using Google.Protobuf;
using Handoff.Protos.V1;

namespace Handoff.Testing;

/// <summary>
/// The deliberately raw sending path: DeclareStudy and UploadChunks spoken directly over the generated clients, one
/// step at a time, for tests whose point is the protocol itself (the acks of each chunk, part of a study uploaded and
/// then a kill or a cut link, the declare's missing chunks, hostile or malformed streams, wrong lengths, limits).
/// A test that only needs a study uploaded or sent uses <see cref="LibraryUpload"/>, the client library.
/// </summary>
public static class ChunkUpload
{
    public static async Task<DeclareStudyResponse> DeclareAsync(HandoffApi api, LocalStudy study, IEnumerable<LocalInstance>? only = null) =>
        await api.Uploads.DeclareStudyAsync(study.ToDeclareRequest(only));

    /// <summary>Uploads the chunks named by <paramref name="missing"/> over <paramref name="streams"/> concurrent streams.</summary>
    public static async Task<IReadOnlyList<UploadChunksResponse>> UploadAsync(HandoffApi api, LocalStudy study, IReadOnlyList<ByteString> missing,
        int streams, Action<UploadChunksResponse>? onAck = null, CancellationToken cancellationToken = default)
    {
        var byHash = new Dictionary<string, (LocalInstance Instance, int Index)>(StringComparer.Ordinal);
        foreach (var instance in study.Instances)
        {
            for (var i = 0; i < instance.ChunkHashes.Count; i++)
                byHash.TryAdd(Convert.ToHexString(instance.ChunkHashes[i]), (instance, i));
        }
        var lanes = new List<Chunk>[streams];
        for (var s = 0; s < streams; s++)
            lanes[s] = [];
        for (var i = 0; i < missing.Count; i++)
        {
            var (instance, index) = byHash[Convert.ToHexString(missing[i].Span)];
            lanes[i % streams].Add(new Chunk { Hash = missing[i], Data = ByteString.CopyFrom(instance.ReadChunk(index)) });
        }
        var sends = lanes.Select(lane => SendAsync(api, study.StudyInstanceUid, lane, onAck, cancellationToken)).ToArray();
        return (await Task.WhenAll(sends)).SelectMany(acks => acks).ToList();
    }

    /// <summary>One upload stream: the header, then each chunk; returns the acks, or throws the server's status.</summary>
    public static async Task<IReadOnlyList<UploadChunksResponse>> SendAsync(HandoffApi api, string studyInstanceUid, IEnumerable<Chunk> chunks,
        Action<UploadChunksResponse>? onAck = null, CancellationToken cancellationToken = default)
    {
        using var call = api.Uploads.UploadChunks(cancellationToken: cancellationToken);
        var acks = new List<UploadChunksResponse>();
        var reading = Task.Run(async () =>
        {
            while (await call.ResponseStream.MoveNext(cancellationToken))
            {
                acks.Add(call.ResponseStream.Current);
                onAck?.Invoke(call.ResponseStream.Current);
            }
        }, cancellationToken);
        try
        {
            await call.RequestStream.WriteAsync(new UploadChunksRequest { Header = new UploadHeader { StudyInstanceUid = studyInstanceUid } }, cancellationToken);
            foreach (var chunk in chunks)
                await call.RequestStream.WriteAsync(new UploadChunksRequest { Chunk = chunk }, cancellationToken);
            await call.RequestStream.CompleteAsync();
        }
        catch (Exception) when (reading.IsCompleted || !cancellationToken.IsCancellationRequested)
        {
            // The server ended the call early; its status arrives on the response stream, awaited below.
        }
        await reading;
        return acks;
    }

    /// <summary>Sends exactly the given request messages (a malformed first message, say) and returns the acks or throws.</summary>
    public static async Task<IReadOnlyList<UploadChunksResponse>> SendRawAsync(HandoffApi api, IEnumerable<UploadChunksRequest> messages)
    {
        using var call = api.Uploads.UploadChunks();
        var acks = new List<UploadChunksResponse>();
        var reading = Task.Run(async () =>
        {
            while (await call.ResponseStream.MoveNext())
                acks.Add(call.ResponseStream.Current);
        });
        try
        {
            foreach (var message in messages)
                await call.RequestStream.WriteAsync(message);
            await call.RequestStream.CompleteAsync();
        }
        catch (Exception) when (!reading.IsCompletedSuccessfully)
        {
            // As above: the status is on the response stream.
        }
        await reading;
        return acks;
    }
}
