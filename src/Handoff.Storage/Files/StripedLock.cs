namespace Handoff.Storage.Files;

/// <summary>
/// Serializes read-check-write sequences per file inside this process, with a fixed set of semaphores instead of one
/// per key: no dictionary to grow or prune, and unrelated files rarely share a stripe. Across processes the providers
/// rely on owning their folder (one silo per data folder).
/// </summary>
internal sealed class StripedLock
{
    private readonly SemaphoreSlim[] _stripes;

    public StripedLock(int stripeCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stripeCount, 1);
        _stripes = new SemaphoreSlim[stripeCount];
        for (var i = 0; i < _stripes.Length; i++)
        {
            _stripes[i] = new SemaphoreSlim(1, 1);
        }
    }

    /// <summary>Waits for the stripe of <paramref name="key"/>; dispose the result to release it.</summary>
    public async ValueTask<SemaphoreReleaser> AcquireAsync(string key, CancellationToken cancellationToken)
    {
        var stripe = _stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(key) % (uint)_stripes.Length)];
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new SemaphoreReleaser(stripe);
    }
}

/// <summary>Releases a semaphore taken for a critical section at the end of a <c>using</c>, without allocating.</summary>
internal readonly struct SemaphoreReleaser : IDisposable
{
    private readonly SemaphoreSlim _semaphore;

    public SemaphoreReleaser(SemaphoreSlim semaphore) => _semaphore = semaphore;

    public void Dispose() => _semaphore.Release();
}
