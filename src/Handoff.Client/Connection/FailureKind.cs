namespace Handoff.Client;

/// <summary>What a failed gRPC call means for whoever made it, as <see cref="FailureClassifier"/> decides.</summary>
public enum FailureKind
{
    /// <summary>The server answered and refused (not found, invalid, permission denied, ...): retrying cannot help.</summary>
    Refused,

    /// <summary>
    /// The server could not be reached, or went away mid-call, or said it is unavailable: retrying (on the next
    /// server, after a back-off) can help, and every call Handoff retries is idempotent.
    /// </summary>
    Unreachable,

    /// <summary>The server asked the caller to slow down (RESOURCE_EXHAUSTED with google.rpc.RetryInfo): retry after its delay.</summary>
    Throttled,
}
