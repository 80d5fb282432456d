using Handoff.Testing;
using Microsoft.Extensions.Logging;

namespace Handoff.Client.Tests.EndToEnd;

/// <summary>
/// A server that holds each caller to a few calls per second answers the rest RESOURCE_EXHAUSTED with a RetryInfo
/// delay: the library waits that long and carries on, so a send and a receive still complete, byte for byte.
/// </summary>
public sealed class RateLimitTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task SendAndReceive_ServerRateLimitsEachCaller_PausesAsAskedAndCompletes()
    {
        await using var server = await ServerProcess.StartAsync("--Handoff:RateLimit:CallsPerSecond=2", "--Handoff:RateLimit:Burst=2");
        var (_, senderKey) = await HandoffApi.RegisterFacilityAsync(server, "limited-sender");
        var (_, receiverKey) = await HandoffApi.RegisterFacilityAsync(server, "limited-receiver");
        using var folders = new TempFolder("client-ratelimit");
        var sentFolder = folders.Combine("sent");
        StudyFolder.Write(sentFolder, seed: 321, slices: 8, series: 2);
        var log = new PauseLog();
        using var timeout = new CancellationTokenSource(Deadline);
        using var sender = new HandoffClient(HandoffClientOptions.For(new Uri(server.Address), senderKey) with { Logger = log });
        using var receiver = new HandoffClient(HandoffClientOptions.For(new Uri(server.Address), receiverKey) with { Logger = log });

        var sent = await sender.SendAsync(FolderInstanceSource.FromReceivedLayout(sentFolder), new SendOptions { DestinationFacilityId = "limited-receiver" }, timeout.Token);
        var received = await receiver.ReceiveAsync(sent.TransferId, new FolderInstanceSink(folders.Combine("received")), cancellationToken: timeout.Token);

        Assert.True(received.Acknowledged);
        StudyFolder.AssertSame(sentFolder, folders.Combine("received"));
        Assert.True(log.Pauses > 0, "the server never asked the client to slow down; the test proves nothing");
    }

    /// <summary>Counts the library's "asked for a pause" lines (event 2).</summary>
    private sealed class PauseLog : ILogger
    {
        private int _pauses;

        public int Pauses => Volatile.Read(ref _pauses);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == 2)
                Interlocked.Increment(ref _pauses);
        }
    }
}
