using Grpc.Net.Client;

namespace Handoff.Server.Tests.Infrastructure;

/// <summary>
/// gRPC calls whose messages are raw bytes, as a hostile or broken client sends them: the framing and headers are
/// real gRPC over HTTP/2, the payload is whatever the test chose (truncated protobuf, invalid UTF-8).
/// </summary>
public static class RawCalls
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(bytes => bytes, bytes => bytes);

    /// <summary>One unary call of <paramref name="method"/> ("/handoff.v1.Transfers/GetTransfer") carrying <paramref name="body"/>.</summary>
    public static async Task<byte[]> UnaryAsync(GrpcChannel channel, string method, byte[] body, string? key = null)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return await channel.CreateCallInvoker().AsyncUnaryCall(Method(MethodType.Unary, method), null, Options(key), body);
    }

    /// <summary>A bidirectional stream that writes each message, completes, and reads every answer (or throws the status).</summary>
    public static async Task<IReadOnlyList<byte[]>> DuplexAsync(GrpcChannel channel, string method, IEnumerable<byte[]> messages, string key)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(messages);
        using var call = channel.CreateCallInvoker().AsyncDuplexStreamingCall(Method(MethodType.DuplexStreaming, method), null, Options(key));
        try
        {
            foreach (var message in messages)
                await call.RequestStream.WriteAsync(message);
            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // The server ended the call while we wrote: its status is read below.
        }
        catch (InvalidOperationException)
        {
            // Same, reported by the client as "the call is complete".
        }
        var answers = new List<byte[]>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
            answers.Add(call.ResponseStream.Current);
        return answers;
    }

    private static Method<byte[], byte[]> Method(MethodType type, string fullName)
    {
        var slash = fullName.LastIndexOf('/');
        return new Method<byte[], byte[]>(type, fullName[1..slash], fullName[(slash + 1)..], Bytes, Bytes);
    }

    private static CallOptions Options(string? key)
    {
        var headers = new Metadata();
        if (key is not null)
            headers.Add("authorization", $"Bearer {key}");
        return new CallOptions(headers, deadline: DateTime.UtcNow.AddMinutes(1));
    }
}
