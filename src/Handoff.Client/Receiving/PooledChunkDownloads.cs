using Google.Protobuf;
using Grpc.Core;
using Handoff.Protos.V1;

namespace Handoff.Client;

/// <summary>
/// <c>Downloads.DownloadChunks</c> called with the same request as the generated client, whose responses are read
/// into pooled buffers (<see cref="PooledChunk"/>) instead of a new array per chunk. Same method, same wire format,
/// same call invoker (headers, fail-over): only the client's deserialization differs.
/// </summary>
internal sealed class PooledChunkDownloads
{
    private static readonly Method<DownloadChunksRequest, PooledChunk> DownloadChunksMethod = new(
        MethodType.ServerStreaming,
        Downloads.Descriptor.FullName,
        nameof(Downloads.DownloadsClient.DownloadChunks),
        Marshallers.Create<DownloadChunksRequest>(
            (request, context) =>
            {
                context.SetPayloadLength(request.CalculateSize());
                request.WriteTo(context.GetBufferWriter());
                context.Complete();
            },
            context => DownloadChunksRequest.Parser.ParseFrom(context.PayloadAsReadOnlySequence())),
        Marshallers.Create<PooledChunk>(
            (_, _) => throw new NotSupportedException("a client never sends a chunk download response"),
            context => PooledChunk.Parse(context.PayloadAsReadOnlySequence())));

    private readonly CallInvoker _invoker;

    public PooledChunkDownloads(CallInvoker invoker)
    {
        _invoker = invoker;
    }

    /// <summary>Streams the requested chunks; dispose each one once used.</summary>
    public AsyncServerStreamingCall<PooledChunk> DownloadChunks(DownloadChunksRequest request, CancellationToken cancellationToken) =>
        _invoker.AsyncServerStreamingCall(DownloadChunksMethod, null, new CallOptions(cancellationToken: cancellationToken), request);
}
