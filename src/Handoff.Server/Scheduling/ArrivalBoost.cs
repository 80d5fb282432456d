namespace Handoff.Server.Scheduling;

/// <summary>
/// Whether an upload stream's study is carried by a transfer behind its patient's arrival, asked of the study grain at
/// most every <see cref="RefreshInterval"/> in the background (a long upload stream learns of an at-risk verdict while
/// it runs, and never waits for the answer: until it comes, the last one holds).
/// </summary>
public sealed class ArrivalBoost
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(2);

    private readonly Func<Task<bool>> _ask;
    private long _askedAt = long.MinValue;
    private int _asking;
    private volatile bool _behind;

    public ArrivalBoost(Func<Task<bool>> ask)
    {
        _ask = ask;
    }

    /// <summary>The last answer: whether the study's chunks should run one class up.</summary>
    public bool Behind
    {
        get
        {
            var now = Environment.TickCount64;
            var last = Interlocked.Read(ref _askedAt);
            if ((last == long.MinValue || now - last >= RefreshInterval.TotalMilliseconds) && Interlocked.Exchange(ref _asking, 1) == 0)
            {
                Interlocked.Exchange(ref _askedAt, now);
                _ = RefreshAsync();
            }
            return _behind;
        }
    }

    private async Task RefreshAsync()
    {
        try
        {
            _behind = await _ask().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The study's silo may be busy or restarting: keep the last answer and ask again next time.
        }
        finally
        {
            Volatile.Write(ref _asking, 0);
        }
    }
}
