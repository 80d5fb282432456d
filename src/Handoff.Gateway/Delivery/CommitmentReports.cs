using System.Globalization;
using System.Security.Cryptography;
using System.Collections.Concurrent;
using Handoff.Dimse.Commitment;

namespace Handoff.Gateway.Delivery;

/// <summary>
/// Storage commitment reports the gateway waits for, by Transaction UID. A report counts only when it comes from the
/// PACS the request went to and names a transaction this gateway opened (random, 128-bit): another node cannot
/// confirm what the PACS did not.
/// </summary>
public sealed class CommitmentReports
{
    private readonly ConcurrentDictionary<string, (string PacsAeTitle, TaskCompletionSource<CommitmentReport> Report)> _waiting = new(StringComparer.Ordinal);

    /// <summary>A new transaction to wait for: its UID and the report's task.</summary>
    public (string TransactionUid, Task<CommitmentReport> Report) Open(string pacsAeTitle)
    {
        var random = RandomNumberGenerator.GetBytes(16);
        var uid = "2.25." + new UInt128(BitConverter.ToUInt64(random, 0), BitConverter.ToUInt64(random, 8)).ToString(CultureInfo.InvariantCulture);
        var report = new TaskCompletionSource<CommitmentReport>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[uid] = (pacsAeTitle, report);
        return (uid, report.Task);
    }

    /// <summary>Stops waiting (answered, timed out or given up).</summary>
    public void Close(string transactionUid) => _waiting.TryRemove(transactionUid, out _);

    /// <summary>Hands a report to its waiter; false when nobody here waits for it from that AE.</summary>
    public bool Offer(string callingAeTitle, CommitmentReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return _waiting.TryGetValue(report.TransactionUid, out var waiter)
            && waiter.PacsAeTitle == callingAeTitle
            && waiter.Report.TrySetResult(report);
    }
}
