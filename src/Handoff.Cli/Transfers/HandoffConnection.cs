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

    private readonly GrpcChannel[] _channels;
    private readonly CallInvoker[] _invokers;
    private int _current;

    public HandoffConnection(ConnectionSettings settings)
    {
        Settings = settings;
        _channels = new GrpcChannel[settings.Servers.Count];
        _invokers = new CallInvoker[settings.Servers.Count];
        for (var i = 0; i < _channels.Length; i++)
        {
            _channels[i] = Open(settings.Servers[i]);
            _invokers[i] = settings.Key is { } key ? _channels[i].Intercept(metadata => AddKey(metadata, key)) : _channels[i].CreateCallInvoker();
        }
        var invoker = new FailoverInvoker(this);
        Facilities = new Facilities.FacilitiesClient(invoker);
        Uploads = new Uploads.UploadsClient(invoker);
        Transfers = new TransfersApi.TransfersClient(invoker);
        Downloads = new Downloads.DownloadsClient(invoker);
        Audit = new Audit.AuditClient(invoker);
        Peers = new Peers.PeersClient(invoker);
    }

    /// <summary>How many servers calls can go to.</summary>
    public int ServerCount => _channels.Length;

    /// <summary>The index of the server new calls go to.</summary>
    public int CurrentServer => Volatile.Read(ref _current);

    /// <summary>
    /// The server at <paramref name="failed"/> could not be reached: new calls go to the next one in the list. Several
    /// streams that fail together against the same server move on once, not once each.
    /// </summary>
    public void FailOver(int failed)
    {
        if (_channels.Length > 1)
            Interlocked.CompareExchange(ref _current, (failed + 1) % _channels.Length, failed);
    }

    public ConnectionSettings Settings { get; }

    public Facilities.FacilitiesClient Facilities { get; }

    public Uploads.UploadsClient Uploads { get; }

    public TransfersApi.TransfersClient Transfers { get; }

    public Downloads.DownloadsClient Downloads { get; }

    public Audit.AuditClient Audit { get; }

    /// <summary>Federation administration (operator key).</summary>
    public Peers.PeersClient Peers { get; }

    /// <summary>Fails early, with a message, when the server's chunk size does not fit this client's message limit.</summary>
    public static void EnsureChunkFits(int chunkSize)
    {
        if (chunkSize < 1 || (long)chunkSize + ChunkMessageOverhead > MaxMessageSize)
            throw new InvalidDataException($"the server's chunk size of {chunkSize} bytes is outside what this client supports (1 to {MaxMessageSize - ChunkMessageOverhead})");
    }

    public void Dispose()
    {
        foreach (var channel in _channels)
            channel.Dispose();
    }

    private static GrpcChannel Open(Uri server)
    {
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
        return GrpcChannel.ForAddress(server, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = MaxMessageSize,
            MaxSendMessageSize = MaxMessageSize,
        });
    }

    private static Metadata AddKey(Metadata metadata, string key)
    {
        metadata.Add("authorization", "Bearer " + key);
        return metadata;
    }

    /// <summary>Sends each call to the server currently chosen; a call already started stays on its server.</summary>
    private sealed class FailoverInvoker(HandoffConnection connection) : CallInvoker
    {
        private CallInvoker Current => connection._invokers[connection.CurrentServer];

        public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
            Current.BlockingUnaryCall(method, host, options, request);

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
            Current.AsyncUnaryCall(method, host, options, request);

        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
            Current.AsyncServerStreamingCall(method, host, options, request);

        public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
            Current.AsyncClientStreamingCall(method, host, options);

        public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
            Current.AsyncDuplexStreamingCall(method, host, options);
    }
}
