using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using RpcStatus = Google.Rpc.Status;

namespace Handoff.Client.Tests;

/// <summary>
/// What is retried and for how long: a server's request to slow down is honoured with its delay within the budget,
/// refusals never, and a wrong address fails at once instead of after minutes of silent retries.
/// </summary>
public sealed class RetryPolicyTests
{
    [Fact]
    public async Task RunAsync_ThrottledThenServed_WaitsTheAdvisedDelayAndSucceeds()
    {
        var policy = new RetryPolicy(TimeSpan.FromSeconds(30));
        var attempts = 0;
        var clock = Stopwatch.StartNew();

        var result = await policy.RunAsync(_ => ++attempts == 1 ? throw Exhausted(TimeSpan.FromMilliseconds(300)) : Task.FromResult(42), default);

        Assert.Equal(42, result);
        Assert.Equal(2, attempts);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(290), $"retried after {clock.Elapsed}");
    }

    [Fact]
    public async Task RunAsync_ThrottledBeyondBudget_GivesUpAtOnce()
    {
        var policy = new RetryPolicy(TimeSpan.FromSeconds(1));
        var attempts = 0;
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RpcException>(() => policy.RunAsync<int>(_ => { attempts++; throw Exhausted(TimeSpan.FromMinutes(1)); }, default));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal(1, attempts);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task RunAsync_Refused_NeverRetried()
    {
        var policy = new RetryPolicy(TimeSpan.FromMinutes(5));
        var attempts = 0;

        await Assert.ThrowsAsync<RpcException>(() => policy.RunAsync<int>(_ => { attempts++; throw new RpcException(new Grpc.Core.Status(StatusCode.NotFound, "no such transfer")); }, default));

        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task RunAsync_UnreachableBeforeAnyAnswer_FailsAfterOneAttempt()
    {
        var policy = new RetryPolicy(TimeSpan.FromMinutes(5));
        var attempts = 0;
        var refused = new HttpRequestException("Connection refused");

        await Assert.ThrowsAsync<RpcException>(() => policy.RunAsync<int>(_ => { attempts++; throw new RpcException(new Grpc.Core.Status(StatusCode.Unavailable, "x", refused)); }, default));

        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task RunAsync_UnreachableAfterAnAnswer_RetriedUntilServed()
    {
        var policy = new RetryPolicy(TimeSpan.FromMinutes(5));
        policy.MarkReached();
        var attempts = 0;
        var cut = new IOException("The response ended prematurely.");

        var result = await policy.RunAsync(_ => ++attempts < 3 ? throw new RpcException(new Grpc.Core.Status(StatusCode.Internal, "x", cut)) : Task.FromResult("ok"), default);

        Assert.Equal("ok", result);
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task RunAsync_ThrottledWithLogger_LogsThePauseWithServerAndDelay()
    {
        var logger = new ListLogger();
        using var connection = new HandoffConnection(new HandoffClientOptions { Servers = [new Uri("http://127.0.0.1:1")], Logger = logger });
        var policy = new RetryPolicy(TimeSpan.FromSeconds(30), connection);
        var attempts = 0;

        await policy.RunAsync(_ => ++attempts == 1 ? throw Exhausted(TimeSpan.FromMilliseconds(100)) : Task.FromResult(1), default);

        var line = Assert.Single(logger.Lines);
        Assert.Contains("http://127.0.0.1:1", line, StringComparison.Ordinal);
        Assert.Contains("RESOURCE_EXHAUSTED", line, StringComparison.Ordinal);
    }

    private static RpcException Exhausted(TimeSpan delay)
    {
        var status = new RpcStatus { Code = (int)StatusCode.ResourceExhausted, Message = "too many calls" };
        status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(delay) }));
        return status.ToRpcException();
    }

    private sealed class ListLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines)
                Lines.Add(formatter(state, exception));
        }
    }
}
