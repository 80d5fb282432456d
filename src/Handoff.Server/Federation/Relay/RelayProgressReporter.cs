using Handoff.Client;
using Handoff.Contracts.Transfers;

namespace Handoff.Server.Federation.Relay;

/// <summary>
/// While a relay pass sends, tells the transfer every <see cref="Interval"/> how many bytes the peer lacked and how
/// many went out, so its arrival forecast measures the relay rate (only for transfers with an expected arrival:
/// nobody else reads it). A report that fails is skipped; the next one carries the totals anyway.
/// </summary>
internal sealed class RelayProgressReporter : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private RelayProgressReporter(ITransferGrain transfer, IncrementalUpload upload) => _loop = RunAsync(transfer, upload, _stop.Token);

    /// <summary>Starts reporting for a transfer with an expected arrival; null (nothing to do) otherwise.</summary>
    public static RelayProgressReporter? Start(TransferRecord transfer, ITransferGrain local, IncrementalUpload upload) =>
        transfer.ExpectedArrival is null ? null : new RelayProgressReporter(local, upload);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private static async Task RunAsync(ITransferGrain transfer, IncrementalUpload upload, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            try
            {
                await transfer.RecordRelayProgress(upload.BytesToSend, upload.BytesSent);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The transfer's silo may be restarting: the forecast only misses a sample.
            }
        }
    }
}
