using System.Runtime.ExceptionServices;

namespace Handoff.Client;

/// <summary>
/// Concurrent workers that fail together: the first worker to fail cancels the others, and waiting rethrows that
/// first failure, not the cancellations it caused, so the user sees the cause (a refused chunk) and not "cancelled".
/// </summary>
internal sealed class TaskGroup : IDisposable
{
    private readonly CancellationTokenSource _cancellation;
    private readonly List<Task> _tasks = [];
    private Exception? _firstFailure;

    public TaskGroup(CancellationToken cancellationToken)
    {
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    /// <summary>Cancelled when any worker fails or the caller cancels.</summary>
    public CancellationToken Token => _cancellation.Token;

    public void Start(Func<CancellationToken, Task> work) => _tasks.Add(RunAsync(work));

    /// <summary>Records a failure seen outside the workers (the coordinating loop) and stops the workers.</summary>
    public void Fail(Exception failure)
    {
        Interlocked.CompareExchange(ref _firstFailure, failure, null);
        _cancellation.Cancel();
    }

    public async Task WaitAsync()
    {
        await Task.WhenAll(_tasks).ConfigureAwait(false);
        if (_firstFailure is { } failure)
            ExceptionDispatchInfo.Throw(failure);
    }

    public void Dispose() => _cancellation.Dispose();

    private async Task RunAsync(Func<CancellationToken, Task> work)
    {
        try
        {
            await work(Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // A cancellation after another worker failed is that failure's echo, not a cause of its own.
            if (!IsCancellation(e) || _firstFailure is null)
                Fail(e);
        }
    }

    private static bool IsCancellation(Exception e) =>
        e is OperationCanceledException or Grpc.Core.RpcException { StatusCode: Grpc.Core.StatusCode.Cancelled };
}
