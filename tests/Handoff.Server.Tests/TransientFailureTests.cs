using System.Net.Sockets;
using Azure;
using Handoff.Contracts.Errors;
using Handoff.Server.Errors;
using Orleans.Runtime;

namespace Handoff.Server.Tests;

/// <summary>
/// Which failures a client should retry elsewhere (UNAVAILABLE) and which are answers: a hospital system retries the
/// first kind with back-off and reports the second to a person at once.
/// </summary>
public sealed class TransientFailureTests
{
    public static TheoryData<Exception> Transient => new()
    {
        new RequestFailedException(0, "connection refused"),
        new RequestFailedException(503, "server busy"),
        new RequestFailedException(429, "throttled"),
        new HttpRequestException("no route", new SocketException((int)SocketError.ConnectionRefused)),
        new SiloUnavailableException("silo died"),
        new TimeoutException("grain call timed out"),
        new Orleans.Storage.InconsistentStateException("etag"),
        new InvalidOperationException("wrapper", new RequestFailedException(500, "inner")),
        new AggregateException(new InvalidOperationException("not this one"), new RequestFailedException(0, "this one")),
    };

    public static TheoryData<Exception> Answers => new()
    {
        new RequestFailedException(403, "bad key"),
        new RequestFailedException(404, "no such blob"),
        new InvalidOperationException("a bug"),
        new DomainException(DomainErrorKind.NotFound, "transfer t-1 not found"),
    };

    [Theory]
    [MemberData(nameof(Transient))]
    public void Translate_StorageOrClusterFailure_IsUnavailable(Exception failure)
    {
        var status = ErrorStatus.Translate(failure, callCancelled: false);

        Assert.NotNull(status);
        Assert.Equal(StatusCode.Unavailable, status.StatusCode);
        Assert.Contains("retry shortly", status.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Answers))]
    public void Translate_RefusalOrBug_IsNotUnavailable(Exception failure)
    {
        Assert.NotEqual(StatusCode.Unavailable, ErrorStatus.CodeOf(failure, callCancelled: false));
    }
}
