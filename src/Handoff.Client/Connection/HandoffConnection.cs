using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Handoff.Protos.V1;
using TransfersApi = Handoff.Protos.V1.Transfers;

namespace Handoff.Client;

/// <summary>
/// One gRPC channel per server address with the credentials on every call, and the clients of every service.
/// http:// addresses speak HTTP/2 without TLS (h2c), which is what the embedded server listens on.
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

    public HandoffConnection(HandoffClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Servers.Count == 0)
            throw new ArgumentException("at least one server address is required", nameof(options));
        Options = options;
        _channels = new GrpcChannel[options.Servers.Count];
        _invokers = new CallInvoker[options.Servers.Count];
        for (var i = 0; i < _channels.Length; i++)
        {
            _channels[i] = Open(options.Servers[i], options);
            _invokers[i] = options.ApiKey is null && options.OnBehalfOf is null
                ? _channels[i].CreateCallInvoker()
                : _channels[i].Intercept(metadata => AddHeaders(metadata, options));
        }
        var invoker = new FailoverInvoker(this);
        Facilities = new Facilities.FacilitiesClient(invoker);
        Uploads = new Uploads.UploadsClient(invoker);
        Transfers = new TransfersApi.TransfersClient(invoker);
        Downloads = new Downloads.DownloadsClient(invoker);
        Audit = new Audit.AuditClient(invoker);
        Peers = new Peers.PeersClient(invoker);
        Users = new Users.UsersClient(invoker);
        Receipts = new Handoff.Protos.V1.Receipts.ReceiptsClient(invoker);
    }

    public HandoffClientOptions Options { get; }

    /// <summary>How many servers calls can go to.</summary>
    public int ServerCount => _channels.Length;

    /// <summary>The index of the server new calls go to.</summary>
    public int CurrentServer => Volatile.Read(ref _current);

    public Facilities.FacilitiesClient Facilities { get; }

    public Uploads.UploadsClient Uploads { get; }

    public TransfersApi.TransfersClient Transfers { get; }

    public Downloads.DownloadsClient Downloads { get; }

    public Audit.AuditClient Audit { get; }

    public Peers.PeersClient Peers { get; }

    public Users.UsersClient Users { get; }

    public Handoff.Protos.V1.Receipts.ReceiptsClient Receipts { get; }

    /// <summary>
    /// The server at <paramref name="failed"/> could not be reached: new calls go to the next one in the list. Several
    /// streams that fail together against the same server move on once, not once each.
    /// </summary>
    public void FailOver(int failed)
    {
        if (_channels.Length > 1)
            Interlocked.CompareExchange(ref _current, (failed + 1) % _channels.Length, failed);
    }

    /// <summary>Fails early when the server's chunk size does not fit this client's message limit.</summary>
    public static void EnsureChunkFits(int chunkSize)
    {
        if (chunkSize < 1 || (long)chunkSize + ChunkMessageOverhead > MaxMessageSize)
            throw new HandoffProtocolException($"the server's chunk size of {chunkSize} bytes is outside what this client supports (1 to {MaxMessageSize - ChunkMessageOverhead})");
    }

    public void Dispose()
    {
        foreach (var channel in _channels)
            channel.Dispose();
    }

    private static GrpcChannel Open(Uri server, HandoffClientOptions options)
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
        if (options.ClientCertificate is not null || options.ValidateServerCertificate is not null)
            handler.SslOptions = Tls(options);
        return GrpcChannel.ForAddress(server, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = MaxMessageSize,
            MaxSendMessageSize = MaxMessageSize,
        });
    }

    private static SslClientAuthenticationOptions Tls(HandoffClientOptions options)
    {
        var tls = new SslClientAuthenticationOptions();
        if (options.ClientCertificate is { } certificate)
            tls.ClientCertificates = [certificate];
        if (options.ValidateServerCertificate is { } validate)
            tls.RemoteCertificateValidationCallback = (_, presented, _, _) => presented is X509Certificate2 server && validate(server);
        return tls;
    }

    private static Metadata AddHeaders(Metadata metadata, HandoffClientOptions options)
    {
        if (options.ApiKey is { } key)
            metadata.Add("authorization", "Bearer " + key);
        if (options.OnBehalfOf is { } facility)
            metadata.Add(HandoffClientOptions.OnBehalfOfHeader, facility);
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
