using Google.Rpc;
using Handoff.Contracts.Errors;
using Handoff.Server.Errors;
using Handoff.Server.Shutdown;
using Handoff.Server.Streams;

namespace Handoff.Server.Tests;

/// <summary>
/// The one error table: refusals raised anywhere on the server become the status a client can act on, with the
/// ErrorInfo reason that says why ("not now" kinds included), never a bare status built beside the table.
/// </summary>
public sealed class ErrorStatusTests
{
    [Fact]
    public void Translate_ShuttingDown_UnavailableWithReasonAndTheResumeHint()
    {
        var status = ErrorStatus.Translate(UnavailableException.ShuttingDown("the server is shutting down; declare the study again to resume"), callCancelled: false);

        Assert.NotNull(status);
        Assert.Equal(StatusCode.Unavailable, status.StatusCode);
        Assert.Equal("the server is shutting down; declare the study again to resume", status.Status.Detail);
        Assert.Equal(UnavailableException.ShuttingDownReason, status.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason);
    }

    [Fact]
    public void Of_ShutdownGateRefusal_SameStatusAsTranslated()
    {
        var refusal = ErrorStatus.Of(UnavailableException.ShuttingDown(ShutdownGate.RefusalMessage));

        Assert.Equal(StatusCode.Unavailable, refusal.StatusCode);
        Assert.Equal(ShutdownGate.RefusalMessage, refusal.Status.Detail);
    }

    [Fact]
    public void Of_UnknownException_Internal_WithoutItsMessage()
    {
        var status = ErrorStatus.Of(new InvalidOperationException("secret detail"));

        Assert.Equal(StatusCode.Internal, status.StatusCode);
        Assert.DoesNotContain("secret", status.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(UnavailableException.AuditUnavailableReason)]
    [InlineData(UnavailableException.PeerUnreachableReason)]
    public void CodeOf_UnavailableForAnyReason_Unavailable(string reason)
    {
        Assert.Equal(StatusCode.Unavailable, ErrorStatus.CodeOf(new UnavailableException(reason, "later"), callCancelled: false));
    }

    [Fact]
    public void Translate_Unauthenticated_DomainKind_Unauthenticated()
    {
        var status = ErrorStatus.Translate(new DomainException(DomainErrorKind.Unauthenticated, "the API key is not valid"), callCancelled: false);

        Assert.Equal(StatusCode.Unauthenticated, status?.StatusCode);
        Assert.Equal("the API key is not valid", status?.Status.Detail);
    }

    [Fact]
    public void IdleStream_QuietPeer_DeadlineExceededWithReason()
    {
        var status = StreamTimeouts.Idle(TimeSpan.FromSeconds(30), "the next chunk");

        Assert.Equal(StatusCode.DeadlineExceeded, status.StatusCode);
        Assert.Contains("nothing moved for 30 s while waiting for the next chunk", status.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("STREAM_IDLE", status.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason);
    }
}
