namespace Handoff.Server.Shutdown;

/// <summary>The number of gRPC calls running (health and reflection excluded); completes a waiter when it drops to zero.</summary>
public sealed class InFlightCalls
{
    private readonly Lock _lock = new();
    private int _count;
    private TaskCompletionSource? _idle;

    public int Count
    {
        get
        {
            lock (_lock)
                return _count;
        }
    }

    public IDisposable Enter()
    {
        lock (_lock)
            _count++;
        return new Exit(this);
    }

    /// <summary>Completes when no call is running.</summary>
    public Task WhenIdleAsync()
    {
        lock (_lock)
        {
            if (_count == 0)
                return Task.CompletedTask;
            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idle.Task;
        }
    }

    private void Leave()
    {
        TaskCompletionSource? idle = null;
        lock (_lock)
        {
            if (--_count == 0)
            {
                idle = _idle;
                _idle = null;
            }
        }
        idle?.TrySetResult();
    }

    private sealed class Exit(InFlightCalls calls) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
                calls.Leave();
        }
    }
}
