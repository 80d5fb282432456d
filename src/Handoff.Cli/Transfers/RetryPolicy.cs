using Grpc.Core;

namespace Handoff.Cli.Transfers;

/// <summary>
/// Retries calls that failed because the server went away (restarted, or the connection dropped), never calls the
/// server refused. Retrying starts only once the server has answered at least once in this run: a wrong address
/// should fail at once with "cannot reach", not after a minute of silent retries. Every call retried here is
/// idempotent on the server (request ids, content-addressed chunks). With several servers (a cluster), each
/// failure moves the connection on to the next server, so retries go round the list with back-off (200 ms doubling
/// to 5 s, with jitter); before any server has answered, each listed server is tried once.
/// </summary>
internal sealed class RetryPolicy
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LongestDelay = TimeSpan.FromSeconds(5);
    private readonly HandoffConnection? _connection;
    private int _reached;

    public RetryPolicy(TimeSpan budget, HandoffConnection? connection = null)
    {
        Budget = budget;
        _connection = connection;
    }

    /// <summary>A policy for the connection's servers and its --retry-for budget.</summary>
    public static RetryPolicy For(HandoffConnection connection) => new(connection.Settings.RetryFor, connection);

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
        private int _failures;
        private int _server = policy._connection?.CurrentServer ?? 0;

        /// <summary>True when the failure is the connection's and the budget allows another attempt after <see cref="WaitAsync"/>.</summary>
        public bool ShouldRetry(RpcException e, CancellationToken cancellationToken)
        {
            if (!IsTransient(e) || cancellationToken.IsCancellationRequested)
                return false;
            var servers = policy._connection?.ServerCount ?? 1;
            _failures++;
            // UNAVAILABLE sent by a server (no transport error inside: "starting or stopping", a silo of the cluster
            // just died) is an answer: the address is right, so the whole budget applies.
            if (e.Status.DebugException is null)
                policy.MarkReached();
            // Before any answer, a wrong address fails fast: each listed server is tried once, then the command stops.
            if (!policy.ServerReached && _failures >= servers)
                return false;
            policy._connection?.FailOver(_server);
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

        /// <summary>The back-off before the next attempt, doubling up to a few seconds, with ±25 % jitter.</summary>
        public async Task WaitAsync(CancellationToken cancellationToken)
        {
            var jitter = 0.75 + (Random.Shared.NextDouble() * 0.5);
            await Task.Delay(TimeSpan.FromTicks((long)(_delay.Ticks * jitter)), cancellationToken).ConfigureAwait(false);
            _server = policy._connection?.CurrentServer ?? 0;
        }

        /// <summary>Progress was made: the next failure starts a new streak.</summary>
        public void Reset()
        {
            _delay = TimeSpan.Zero;
            _failures = 0;
            _server = policy._connection?.CurrentServer ?? 0;
        }
    }
}
