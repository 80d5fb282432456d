using System.Net.Sockets;
using Azure;
using Handoff.Server.Errors;
using Orleans.Runtime;
using Orleans.Serialization;

namespace Handoff.Server.Tests;

/// <summary>
/// The transient-failure classifier itself (TransientFailureTests checks the statuses it leads to): which message a
/// failure gets, how deep it looks, and failures that crossed a silo boundary and kept only their type's name.
/// </summary>
public sealed class TransientFailureClassifierTests
{
    public static TheoryData<Exception, string> Classified => new()
    {
        { new RequestFailedException(408, "request timeout"), TransientFailure.StorageMessage },
        { new RequestFailedException(500, "internal"), TransientFailure.StorageMessage },
        { new SocketException((int)SocketError.ConnectionReset), TransientFailure.StorageMessage },
        { new HttpRequestException("no route"), TransientFailure.StorageMessage },
        { new SiloUnavailableException("silo died"), TransientFailure.ClusterMessage },
        { Fallback(typeof(OrleansMessageRejectionException)), TransientFailure.ClusterMessage },
        { new TimeoutException("grain call timed out"), TransientFailure.ClusterMessage },
        { new Orleans.Storage.InconsistentStateException("etag"), TransientFailure.ClusterMessage },
        { Fallback(typeof(RequestFailedException)), TransientFailure.StorageMessage },
        { Fallback(typeof(SocketException)), TransientFailure.StorageMessage },
        { Fallback(typeof(SiloUnavailableException)), TransientFailure.ClusterMessage },
        { Fallback(typeof(TimeoutException)), TransientFailure.ClusterMessage },
        { new InvalidOperationException("outer", new InvalidOperationException("middle", new SiloUnavailableException("deep"))), TransientFailure.ClusterMessage },
        { new AggregateException(new RequestFailedException(503, "busy")), TransientFailure.StorageMessage },
        { new AggregateException(new InvalidOperationException("bug"), new TimeoutException("slow")), TransientFailure.ClusterMessage },
    };

    public static TheoryData<Exception> NotTransient => new()
    {
        new RequestFailedException(400, "bad request"),
        new RequestFailedException(409, "conflict"),
        new RequestFailedException(412, "condition not met"),
        Fallback(typeof(InvalidOperationException)),
        new AggregateException(new InvalidOperationException("a"), new ArgumentException("b")),
        new InvalidOperationException("outer", new ArgumentException("inner")),
        new OperationCanceledException(),
    };

    [Theory]
    [MemberData(nameof(Classified))]
    public void Describe_TransientFailure_ItsKindsMessage(Exception failure, string message)
    {
        Assert.Equal(message, TransientFailure.Describe(failure));
    }

    [Theory]
    [MemberData(nameof(NotTransient))]
    public void Describe_AnswerOrBug_Null(Exception failure)
    {
        Assert.Null(TransientFailure.Describe(failure));
    }

    [Fact]
    public void Describe_StorageBeforeClusterInTheChain_FirstOneWins()
    {
        var failure = new InvalidOperationException("outer", new RequestFailedException(503, "busy", new TimeoutException("slow")));

        Assert.Equal(TransientFailure.StorageMessage, TransientFailure.Describe(failure));
    }

    /// <summary>
    /// What an exception thrown on another silo becomes when this silo cannot deserialize its type: Orleans' codec
    /// sets the original type's name through an internal setter, which this reproduces.
    /// </summary>
    private static UnavailableExceptionFallbackException Fallback(Type original)
    {
        var fallback = new UnavailableExceptionFallbackException($"{original.Name} from another silo", null!);
        typeof(UnavailableExceptionFallbackException).GetProperty(nameof(UnavailableExceptionFallbackException.ExceptionType))!.SetValue(fallback, original.FullName);
        return fallback;
    }
}
