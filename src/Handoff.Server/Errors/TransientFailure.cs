using System.Net.Sockets;
using Azure;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace Handoff.Server.Errors;

/// <summary>
/// Failures that say "not now" rather than "no": storage unreachable or overloaded (Azurite or Azure Storage down,
/// a 5xx, a socket refused), a silo of the cluster that died or is leaving, a grain call that timed out while the
/// cluster re-forms, a state write that lost a race with a fresh activation. Each becomes UNAVAILABLE, which the
/// client retries with back-off on the next server; everything retried that way is idempotent on the server.
/// Exceptions thrown by a grain on another silo may arrive as a fallback that keeps only the type's name, so the
/// names are matched too.
/// </summary>
public static class TransientFailure
{
    public const string StorageMessage = "storage is unreachable or overloaded; retry shortly";
    public const string ClusterMessage = "the cluster is changing (a server started, stopped or failed); retry shortly";

    private static readonly string[] StorageTypeNames =
    [
        typeof(RequestFailedException).FullName!, typeof(HttpRequestException).FullName!, typeof(SocketException).FullName!,
    ];

    private static readonly string[] ClusterTypeNames =
    [
        typeof(SiloUnavailableException).FullName!, typeof(OrleansMessageRejectionException).FullName!,
        typeof(TimeoutException).FullName!, typeof(InconsistentStateException).FullName!,
    ];

    /// <summary>The message for an UNAVAILABLE answer, or null when <paramref name="exception"/> is not transient.</summary>
    public static string? Describe(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (IsStorage(current))
                return StorageMessage;
            if (IsCluster(current))
                return ClusterMessage;
            if (current is AggregateException { InnerExceptions.Count: > 1 } aggregate)
                return aggregate.InnerExceptions.Select(Describe).FirstOrDefault(message => message is not null);
        }
        return null;
    }

    private static bool IsStorage(Exception exception) => exception switch
    {
        // 0: no HTTP answer at all (connection refused or reset); 408/429/5xx: the service asks to be retried.
        RequestFailedException failed => failed.Status is 0 or 408 or 429 or >= 500,
        HttpRequestException or SocketException => true,
        UnavailableExceptionFallbackException fallback => StorageTypeNames.Contains(fallback.ExceptionType),
        _ => false,
    };

    private static bool IsCluster(Exception exception) => exception switch
    {
        SiloUnavailableException or OrleansMessageRejectionException or TimeoutException or InconsistentStateException => true,
        UnavailableExceptionFallbackException fallback => ClusterTypeNames.Contains(fallback.ExceptionType),
        _ => false,
    };
}
