using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Handoff.Client;

/// <summary>
/// Retries calls that failed because the server went away (restarted, or the connection dropped) or asked for a pause
/// (RESOURCE_EXHAUSTED with RetryInfo), never calls the server refused; <see cref="FailureClassifier"/> decides which.
/// Retrying an unreachable server starts only once a server has answered at least once in this run: a wrong address
/// should fail at once with "cannot reach", not after a minute of silent retries. Every call retried here is
/// idempotent on the server (request ids, content-addressed chunks). With several servers (a cluster), each
/// unreachable failure moves the connection on to the next server, so retries go round the list with back-off
/// (200 ms doubling to 5 s, with jitter); before any server has answered, each listed server is tried once.
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

    /// <summary>A policy for the connection's servers and its retry budget.</summary>
    public static RetryPolicy For(HandoffConnection connection) => new(connection.Options.RetryFor, connection);

    /// <summary>How long the server may stay unreachable (or keep asking for pauses) before the operation gives up.</summary>
    public TimeSpan Budget { get; }

    public bool ServerReached => Volatile.Read(ref _reached) == 1;

    private ILogger? Logger => _connection?.Options.Logger;

    public void MarkReached() => Volatile.Write(ref _reached, 1);

    private Uri Server(int index) => _connection?.Options.Servers[index] ?? new Uri("http://unknown");

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

    /// <summary>Consecutive failures of one operation, with the wait before the next attempt.</summary>
    public sealed class FailureStreak(RetryPolicy policy)
    {
        private DateTime _firstFailure;
        private TimeSpan _backOff;
        private TimeSpan _wait;
        private int _unreachable;
        private int _server = policy._connection?.CurrentServer ?? 0;

        /// <summary>True when the failure is worth retrying and the budget allows another attempt after <see cref="WaitAsync"/>.</summary>
        public bool ShouldRetry(RpcException e, CancellationToken cancellationToken)
        {
            if (cancellationToken.IsCancellationRequested)
                return false;
            var kind = FailureClassifier.Classify(e);
            if (kind == FailureKind.Refused)
                return false;
            var now = DateTime.UtcNow;
            if (_firstFailure == default)
                _firstFailure = now;
            if (kind == FailureKind.Throttled)
            {
                // An answer: the address is right. The server's delay is honoured as given (plus a little jitter so
                // parallel streams do not come back in one burst), on the same server: the limit is the caller's.
                policy.MarkReached();
                var delay = FailureClassifier.RetryDelay(e) ?? FirstDelay;
                _wait = delay + TimeSpan.FromTicks((long)(delay.Ticks * 0.1 * Random.Shared.NextDouble()));
                if (now + delay - _firstFailure <= policy.Budget)
                {
                    if (policy.Logger is { } logger)
                        ClientLog.RetryingThrottled(logger, policy.Server(_server), (long)_wait.TotalMilliseconds);
                    return true;
                }
                return GiveUp(e, kind, now);
            }
            var servers = policy._connection?.ServerCount ?? 1;
            _unreachable++;
            // UNAVAILABLE sent by a server (no transport error inside: "starting or stopping", a silo of the cluster
            // just died) is an answer: the address is right, so the whole budget applies.
            if (!FailureClassifier.IsLocal(e))
                policy.MarkReached();
            // Before any answer, a wrong address fails fast: each listed server is tried once, then the operation stops.
            if (!policy.ServerReached && _unreachable >= servers)
                return GiveUp(e, kind, now);
            policy._connection?.FailOver(_server);
            _backOff = _backOff == TimeSpan.Zero ? FirstDelay : TimeSpan.FromTicks(Math.Min(_backOff.Ticks * 2, LongestDelay.Ticks));
            // ±25 % jitter, so clients cut off together do not all come back at the same instant.
            _wait = TimeSpan.FromTicks((long)(_backOff.Ticks * (0.75 + (Random.Shared.NextDouble() * 0.5))));
            if (now - _firstFailure > policy.Budget)
                return GiveUp(e, kind, now);
            if (policy.Logger is { } log)
                ClientLog.RetryingUnreachable(log, policy.Server(_server), e.StatusCode, (long)_wait.TotalMilliseconds, policy.Server(policy._connection?.CurrentServer ?? 0));
            return true;
        }

        private bool GiveUp(RpcException e, FailureKind kind, DateTime now)
        {
            if (policy.Logger is { } logger)
                ClientLog.GivingUp(logger, policy.Server(_server), e.StatusCode, kind, (long)(now - _firstFailure).TotalMilliseconds);
            return false;
        }

        /// <summary>Waits as <see cref="ShouldRetry"/> decided: the back-off, or the delay the server asked for.</summary>
        public async Task WaitAsync(CancellationToken cancellationToken)
        {
            await Task.Delay(_wait, cancellationToken).ConfigureAwait(false);
            _server = policy._connection?.CurrentServer ?? 0;
        }

        /// <summary>Progress was made: the next failure starts a new streak.</summary>
        public void Reset()
        {
            _firstFailure = default;
            _backOff = TimeSpan.Zero;
            _unreachable = 0;
            _server = policy._connection?.CurrentServer ?? 0;
        }
    }
}
