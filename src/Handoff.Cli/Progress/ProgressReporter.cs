using System.Collections.Concurrent;
using Spectre.Console;

namespace Handoff.Cli.Progress;

/// <summary>
/// Runs a send or receive while showing its progress: a live Spectre.Console display (instances, bytes, MB/s,
/// ETA) when stderr is a terminal, plain periodic lines otherwise. Notes (skipped files) are queued by any worker
/// and written from the display loop, so they never tear the live display.
/// </summary>
internal sealed class ProgressReporter
{
    private static readonly TimeSpan LiveInterval = TimeSpan.FromMilliseconds(150);
    private static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(2);

    private readonly ConcurrentQueue<string> _notes = new();
    private readonly ProgressMode _mode;
    private readonly ProgressCounters _counters;
    private readonly string _verb;
    private readonly bool _showHashing;

    public ProgressReporter(ProgressMode mode, ProgressCounters counters, string verb, bool showHashing)
    {
        _mode = mode;
        _counters = counters;
        _verb = verb;
        _showHashing = showHashing;
    }

    /// <summary>Live when a person watches stderr; lines for logs; nothing when stdout must hold only JSON.</summary>
    public static ProgressMode ChooseMode(bool json) =>
        !Console.IsErrorRedirected ? ProgressMode.Live : json ? ProgressMode.Quiet : ProgressMode.Lines;

    /// <summary>
    /// Queues a line for stderr (a skipped file). At a terminal it appears above the live display at once; otherwise
    /// the notes are written when the work succeeds, because a failing command promises exactly one stderr line.
    /// </summary>
    public void Note(string line) => _notes.Enqueue(line);

    public async Task<T> RunAsync<T>(Func<Task<T>> work)
    {
        var task = work();
        var result = _mode switch
        {
            ProgressMode.Live => await LiveAsync(task).ConfigureAwait(false),
            ProgressMode.Lines => await LinesAsync(task).ConfigureAwait(false),
            _ => await task.ConfigureAwait(false),
        };
        while (_notes.TryDequeue(out var note))
            Console.Error.WriteLine(note);
        return result;
    }

    private async Task<T> LiveAsync<T>(Task<T> task)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var hashing = _showHashing ? context.AddTask("hashing") : null;
                var moving = context.AddTask(_verb);
                while (true)
                {
                    while (_notes.TryDequeue(out var note))
                        console.MarkupLine("[yellow]" + Markup.Escape(note) + "[/]");
                    if (hashing is not null)
                        Update(hashing, ProgressText.Hashing(_counters), _counters.InputsScanned, _counters.InputsTotal);
                    Update(moving, ProgressText.Transfer(_counters, _verb), _counters.BytesMoved, _counters.BytesToMove);
                    if (task.IsCompleted)
                        break;
                    await Task.WhenAny(task, Task.Delay(LiveInterval)).ConfigureAwait(false);
                }
                if (task.IsCompletedSuccessfully)
                {
                    hashing?.StopTask();
                    moving.Value = moving.MaxValue;
                    moving.StopTask();
                }
            }).ConfigureAwait(false);
        return await task.ConfigureAwait(false);
    }

    private async Task<T> LinesAsync<T>(Task<T> task)
    {
        while (!task.IsCompleted)
        {
            await Task.WhenAny(task, Task.Delay(LineInterval)).ConfigureAwait(false);
            if (task.IsCompleted)
                break;
            var hashing = _showHashing && _counters.InputsScanned < _counters.InputsTotal ? ProgressText.Hashing(_counters) + "  " : string.Empty;
            Console.Out.WriteLine(hashing + ProgressText.Transfer(_counters, _verb));
        }
        return await task.ConfigureAwait(false);
    }

    private static void Update(ProgressTask progress, string description, long value, long total)
    {
        progress.Description = Markup.Escape(description);
        // An empty total (nothing to move yet, or everything already there) shows as zero, not as a division by zero.
        progress.MaxValue = Math.Max(total, 1);
        progress.Value = Math.Min(value, progress.MaxValue);
    }
}
