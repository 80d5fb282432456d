using Handoff.Server.Errors;

namespace Handoff.Server.Streams;

/// <summary>
/// The status of a stream closed because its other end went quiet (Handoff:Upload:StreamIdleTimeout): a stream that
/// sends or takes nothing must not hold a connection, a recorder lease and a buffer for ever.
/// </summary>
public static class StreamTimeouts
{
    public static RpcException Idle(TimeSpan timeout, string waitingFor) =>
        ErrorStatus.IdleStream($"nothing moved for {timeout.TotalSeconds:0} s while waiting for {waitingFor}; the stream was closed");

    /// <summary>Reads the next message within <paramref name="timeout"/>; DEADLINE_EXCEEDED when none comes.</summary>
    public static async Task<bool> MoveNextWithinAsync<T>(IAsyncStreamReader<T> reader, TimeSpan timeout, string waitingFor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(timeout);
        try
        {
            return await reader.MoveNext(idle.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Idle(timeout, waitingFor);
        }
    }
}
