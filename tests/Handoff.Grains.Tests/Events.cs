using System.Diagnostics;
using Handoff.Contracts.Transfers;

namespace Handoff.Grains.Tests;

/// <summary>Following a transfer's timeline the way a watcher does: long-polls, never sleeps.</summary>
internal static class Events
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>The whole timeline up to and including the first event that matches; fails after the deadline.</summary>
    public static async Task<List<TransferEventRecord>> UntilAsync(ITransferGrain transfer, Func<TransferEventRecord, bool> match)
    {
        var seen = new List<TransferEventRecord>();
        var started = Stopwatch.StartNew();
        while (started.Elapsed < Deadline)
        {
            var after = seen.Count == 0 ? 0 : seen[^1].Sequence;
            foreach (var transferEvent in await transfer.WaitForEvents(after, TimeSpan.FromSeconds(5)))
            {
                seen.Add(transferEvent);
                if (match(transferEvent))
                    return seen;
            }
        }

        throw new TimeoutException($"no matching event within {Deadline}; saw {string.Join(", ", seen.Select(e => e.Kind))}");
    }

    public static Task<List<TransferEventRecord>> UntilAsync(ITransferGrain transfer, TransferEventKind kind) =>
        UntilAsync(transfer, e => e.Kind == kind);
}
