using System.Net.Sockets;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using RpcStatus = Google.Rpc.Status;

namespace Handoff.Client.Tests;

/// <summary>
/// Which failures are worth retrying is decided by the status code and its rich details, and for failures this client
/// saw itself by the transport error, never by message text.
/// </summary>
public sealed class FailureClassifierTests
{
    [Theory]
    [InlineData(StatusCode.NotFound)]
    [InlineData(StatusCode.InvalidArgument)]
    [InlineData(StatusCode.PermissionDenied)]
    [InlineData(StatusCode.Unauthenticated)]
    [InlineData(StatusCode.FailedPrecondition)]
    [InlineData(StatusCode.AlreadyExists)]
    [InlineData(StatusCode.Internal)]
    [InlineData(StatusCode.DeadlineExceeded)]
    public void Classify_StatusTheServerSent_Refused(StatusCode code)
    {
        Assert.Equal(FailureKind.Refused, FailureClassifier.Classify(new RpcException(new Grpc.Core.Status(code, "no"))));
    }

    [Fact]
    public void Classify_UnavailableFromServerOrTransport_Unreachable()
    {
        Assert.Equal(FailureKind.Unreachable, FailureClassifier.Classify(new RpcException(new Grpc.Core.Status(StatusCode.Unavailable, "starting"))));
        var refused = new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused));
        Assert.Equal(FailureKind.Unreachable, FailureClassifier.Classify(new RpcException(new Grpc.Core.Status(StatusCode.Unavailable, "x", refused))));
    }

    [Theory]
    [InlineData(StatusCode.Internal)]
    [InlineData(StatusCode.Unknown)]
    [InlineData(StatusCode.Cancelled)]
    public void Classify_StreamCutByTransport_UnreachableWhateverTheMessage(StatusCode code)
    {
        var cut = new IOException("The response ended prematurely.");

        Assert.Equal(FailureKind.Unreachable, FailureClassifier.Classify(new RpcException(new Grpc.Core.Status(code, "anything at all", cut))));
    }

    [Fact]
    public void Classify_InternalWithTransportWordsButNoTransportError_Refused()
    {
        // The words grpc-dotnet uses for transport failures, sent as a status: an answer, not a broken connection.
        var status = new Grpc.Core.Status(StatusCode.Internal, "Error starting gRPC call. HttpRequestException: Connection refused");

        Assert.Equal(FailureKind.Refused, FailureClassifier.Classify(new RpcException(status)));
    }

    [Fact]
    public void Classify_ResourceExhaustedWithRetryInfo_ThrottledWithItsDelay()
    {
        var failure = Exhausted(TimeSpan.FromMilliseconds(1500));

        Assert.Equal(FailureKind.Throttled, FailureClassifier.Classify(failure));
        Assert.Equal(TimeSpan.FromMilliseconds(1500), FailureClassifier.RetryDelay(failure));
    }

    [Fact]
    public void Classify_ResourceExhaustedWithoutRetryInfo_Refused()
    {
        var failure = new RpcException(new Grpc.Core.Status(StatusCode.ResourceExhausted, "retry after the delay in RetryInfo"));

        Assert.Equal(FailureKind.Refused, FailureClassifier.Classify(failure));
        Assert.Null(FailureClassifier.RetryDelay(failure));
    }

    [Fact]
    public void FromRpc_Refusal_CarriesStatusDetailReasonAndDelay()
    {
        var error = Assert.IsType<HandoffRefusedException>(HandoffErrors.FromRpc(Exhausted(TimeSpan.FromSeconds(2)), [new Uri("http://a:1")]));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal("too many calls", error.Detail);
        Assert.Equal("RATE_LIMITED", error.Reason);
        Assert.Equal(TimeSpan.FromSeconds(2), error.RetryAfter);
    }

    [Fact]
    public void FromRpc_Unreachable_NamesServersAndInnermostCause()
    {
        var refused = new HttpRequestException("Connection refused (127.0.0.1:1)", new SocketException((int)SocketError.ConnectionRefused));
        var failure = new RpcException(new Grpc.Core.Status(StatusCode.Unavailable, "Error starting gRPC call.", refused));

        var error = Assert.IsType<HandoffUnavailableException>(HandoffErrors.FromRpc(failure, [new Uri("http://a:1"), new Uri("http://b:2")]));

        Assert.Equal(2, error.Servers.Count);
        Assert.Equal(new SocketException((int)SocketError.ConnectionRefused).Message, error.Cause);
        Assert.StartsWith("cannot reach any of: http://a:1, http://b:2", error.Message, StringComparison.Ordinal);
    }

    private static RpcException Exhausted(TimeSpan delay)
    {
        var status = new RpcStatus { Code = (int)StatusCode.ResourceExhausted, Message = "too many calls" };
        status.Details.Add(Any.Pack(new ErrorInfo { Domain = "handoff.v1", Reason = "RATE_LIMITED" }));
        status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(delay) }));
        return status.ToRpcException();
    }
}
