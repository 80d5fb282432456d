using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Handoff.Protos.V1;
using TransfersApi = Handoff.Protos.V1.Transfers;

namespace Handoff.Cli.Transfers;

/// <summary>
/// One gRPC channel to a Handoff server with the facility or operator key on every call, and the clients of every
/// service. http:// addresses speak HTTP/2 without TLS (h2c), which is what the embedded server listens on.
/// </summary>
internal sealed class HandoffConnection : IDisposable
{
    /// <summary>
    /// Largest message either way. A chunk message is the chunk size (1 MiB by default) plus framing, and a manifest
    /// of a large study runs to megabytes; gRPC's default 4 MB receive limit would cut both close.
    /// </summary>
    public const int MaxMessageSize = 64 * 1024 * 1024;

    /// <summary>Room for the hash, field tags and lengths around a chunk's bytes.</summary>
    public const int ChunkMessageOverhead = 64 * 1024;

    private readonly GrpcChannel _channel;

    public HandoffConnection(ConnectionSettings settings)
    {
        Settings = settings;
        var handler = new SocketsHttpHandler
        {
            // Parallel streams would otherwise queue behind the server's stream limit on one connection.
            EnableMultipleHttp2Connections = true,
            // Downloads stream megabyte chunks: a 64 KiB starting window would stall each stream on window updates.
            InitialHttp2StreamWindowSize = 8 * 1024 * 1024,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            // Watches can be quiet for hours; pings keep proxies from dropping them and find dead servers.
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        };
        _channel = GrpcChannel.ForAddress(settings.Server, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = MaxMessageSize,
            MaxSendMessageSize = MaxMessageSize,
        });
        var invoker = settings.Key is { } key ? _channel.Intercept(metadata => AddKey(metadata, key)) : _channel.CreateCallInvoker();
        Facilities = new Facilities.FacilitiesClient(invoker);
        Uploads = new Uploads.UploadsClient(invoker);
        Transfers = new TransfersApi.TransfersClient(invoker);
        Downloads = new Downloads.DownloadsClient(invoker);
        Audit = new Audit.AuditClient(invoker);
    }

    public ConnectionSettings Settings { get; }

    public Facilities.FacilitiesClient Facilities { get; }

    public Uploads.UploadsClient Uploads { get; }

    public TransfersApi.TransfersClient Transfers { get; }

    public Downloads.DownloadsClient Downloads { get; }

    public Audit.AuditClient Audit { get; }

    /// <summary>Fails early, with a message, when the server's chunk size does not fit this client's message limit.</summary>
    public static void EnsureChunkFits(int chunkSize)
    {
        if (chunkSize < 1 || (long)chunkSize + ChunkMessageOverhead > MaxMessageSize)
            throw new InvalidDataException($"the server's chunk size of {chunkSize} bytes is outside what this client supports (1 to {MaxMessageSize - ChunkMessageOverhead})");
    }

    public void Dispose() => _channel.Dispose();

    private static Metadata AddKey(Metadata metadata, string key)
    {
        metadata.Add("authorization", "Bearer " + key);
        return metadata;
    }
}
