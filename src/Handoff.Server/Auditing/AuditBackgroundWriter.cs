using Handoff.Contracts.Audit;
using Handoff.Server.Shutdown;
using Microsoft.Extensions.Logging;

namespace Handoff.Server.Auditing;

/// <summary>
/// Audit writes no caller waits for: the copies of a refused call's event for the facilities whose data it reached
/// for, and events whose awaited write failed. Each is written at once and, while a log refuses it, again with
/// back-off for up to <see cref="RetryWindow"/>; only an event that still could not be written is logged, in one
/// error line naming the action, actor and logs (never patient data). A pending write counts as an in-flight call,
/// so a graceful shutdown waits for it (up to the drain timeout) before the silo stops.
/// </summary>
public sealed partial class AuditBackgroundWriter
{
    /// <summary>How long an event is retried. The audit log's time-range search tolerates this much disorder (and more).</summary>
    public static readonly TimeSpan RetryWindow = TimeSpan.FromMinutes(2);

    /// <summary>No caller waits for these writes: they wait a little for company, so a burst's copies go in few batches.</summary>
    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(50);
    private const int FullBatch = 1000;
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    private readonly AuditLogWriter _writer;
    private readonly InFlightCalls _inFlight;
    private readonly TimeProvider _time;
    private readonly ILogger<AuditBackgroundWriter> _logger;

    public AuditBackgroundWriter(IGrainFactory grains, InFlightCalls inFlight, TimeProvider time, ILogger<AuditBackgroundWriter> logger)
    {
        _writer = new AuditLogWriter(grains, Linger, FullBatch);
        _inFlight = inFlight;
        _time = time;
        _logger = logger;
    }

    /// <summary>Starts writing <paramref name="record"/> to <paramref name="logs"/> and returns at once.</summary>
    public void Write(AuditEventRecord record, IReadOnlyCollection<string> logs)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(logs);
        if (logs.Count == 0)
            return;
        var entered = _inFlight.Enter();
        _ = Task.Run(async () =>
        {
            using (entered)
                await WriteWithRetriesAsync(record, [.. logs]);
        });
    }

    private async Task WriteWithRetriesAsync(AuditEventRecord record, List<string> pending)
    {
        var started = _time.GetTimestamp();
        var backoff = FirstBackoff;
        for (var attempt = 1; ; attempt++)
        {
            var writes = new Task[pending.Count];
            for (var i = 0; i < writes.Length; i++)
                writes[i] = _writer.WriteAsync(pending[i], record);
            Exception? failure = null;
            for (var i = writes.Length - 1; i >= 0; i--)
            {
                try
                {
                    await writes[i];
                    pending.RemoveAt(i);
                }
                catch (Exception exception)
                {
                    failure = exception;
                }
            }
            if (failure is null)
                return;
            if (_time.GetElapsedTime(started) + backoff > RetryWindow)
            {
                LogGaveUp(record.Action, record.Actor, string.Join(", ", pending), attempt, Summary(failure));
                return;
            }
            await Task.Delay(backoff, _time);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    /// <summary>The failure on one line: its type and first line of message (grain and storage errors name no patient data).</summary>
    private static string Summary(Exception exception)
    {
        var message = exception.Message;
        var newline = message.IndexOfAny(['\r', '\n']);
        return $"{exception.GetType().Name}: {(newline < 0 ? message : message[..newline])}";
    }

    [LoggerMessage(Level = LogLevel.Error,
        Message = "could not write the audit event of {Action} by {Actor} to the audit log(s) {Logs} after {Attempts} attempts; last error: {Error}")]
    private partial void LogGaveUp(string action, string actor, string logs, int attempts, string error);
}
