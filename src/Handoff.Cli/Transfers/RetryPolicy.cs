using Grpc.Core;

namespace Handoff.Cli.Transfers;

/// <summary>
/// Retries calls that failed because the server went away (restarted, or the connection dropped), never calls the
/// server refused. Retrying starts only once the server has answered at least once in this run: a wrong address
/// should fail at once with "cannot reach", not after a minute of silent retries. Every call retried here is
/// idempotent on the server (request ids, content-addressed chunks).
/// </summary>
internal sealed class RetryPolicy
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongestDelay = TimeSpan.FromSeconds(3);
    private int _reached;

    public RetryPolicy(TimeSpan budget)
    {
        Budget = budget;
    }

    /// <summary>How long the server may stay unreachable before the command gives up.</summary>
    public TimeSpan Budget { get; }

    public bool ServerReached => Volatile.Read(ref _reached) == 1;

    public void MarkReached() => Volatile.Write(ref _reached, 1);

    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var failures = new FailureStreak(this);
        while (true)
        {
            try
            {
                var result = await call(cancellationToken).ConfigureAwait(false);
                MarkReached();
                return result;
            }
            catch (RpcException e) when (failures.ShouldRetry(e, cancellationToken))
            {
                await failures.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>True for a failure of the connection rather than an answer from the server.</summary>
    public static bool IsTransient(RpcException e) => e.StatusCode switch
    {
        StatusCode.Unavailable => true,
        // grpc-dotnet reports a stream cut by a dying server as Internal or Unknown with the transport error inside.
        StatusCode.Internal or StatusCode.Unknown => e.Status.DebugException is HttpRequestException or IOException
            || e.Status.Detail.StartsWith("Error starting gRPC call", StringComparison.Ordinal)
            || e.Status.Detail.StartsWith("Error reading next message", StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>Consecutive failures of one operation, with the back-off between attempts.</summary>
    public sealed class FailureStreak(RetryPolicy policy)
    {
        private DateTime _firstFailure;
        private TimeSpan _delay;

        /// <summary>True when the failure is the connection's and the budget allows another attempt after <see cref="WaitAsync"/>.</summary>
        public bool ShouldRetry(RpcException e, CancellationToken cancellationToken)
        {
            if (!IsTransient(e) || !policy.ServerReached || cancellationToken.IsCancellationRequested)
                return false;
            var now = DateTime.UtcNow;
            if (_delay == TimeSpan.Zero)
            {
                _firstFailure = now;
                _delay = FirstDelay;
            }
            else
            {
                _delay = TimeSpan.FromTicks(Math.Min(_delay.Ticks * 2, LongestDelay.Ticks));
            }
            return now - _firstFailure <= policy.Budget;
        }

        /// <summary>The back-off before the next attempt, doubling up to a few seconds.</summary>
        public Task WaitAsync(CancellationToken cancellationToken) => Task.Delay(_delay, cancellationToken);

        /// <summary>Progress was made: the next failure starts a new streak.</summary>
        public void Reset() => _delay = TimeSpan.Zero;
    }
}
