using Grpc.Net.Client;
using Handoff.Client;

namespace Handoff.Testing;

/// <summary>A server started elsewhere (another build, for a benchmark to compare): its plain-HTTP/2 address and operator key.</summary>
public sealed class ExternalServer : IHandoffServer, IDisposable
{
    public ExternalServer(string address, string operatorKey)
    {
        Address = address;
        OperatorKey = operatorKey;
        Channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true } });
    }

    public string Address { get; }

    public GrpcChannel Channel { get; }

    public string OperatorKey { get; }

    public HandoffClientOptions ClientOptions(string? key) => HandoffClientOptions.For(new Uri(Address), key);

    public void Dispose() => Channel.Dispose();
}
