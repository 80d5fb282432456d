using Grpc.Net.Client;
using Handoff.Testing;

namespace Handoff.AuditTiming;

/// <summary>A server started elsewhere (another build, to compare): its address and operator key.</summary>
internal sealed class ExternalServer : IHandoffServer, IDisposable
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

    public void Dispose() => Channel.Dispose();
}
