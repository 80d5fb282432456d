namespace Handoff.Contracts.Retention;

/// <summary>
/// The one place (key 0) where chunks are deleted, and the fence that keeps a deletion from racing a declaration.
/// </summary>
/// <remarks>
/// The race it closes: the collector builds the set of chunks in use, then deletes the rest; meanwhile a sender
/// declares a study whose chunk the store still holds, is told it need not send it, and the chunk is deleted after.
/// A study therefore asks <see cref="IsSweeping"/> before its declaration returns (which is before the server checks
/// the store) and, during a sweep, hands its chunk hashes to <see cref="Protect"/>. Deletion happens inside this
/// grain's turn (<see cref="Delete"/>, through <see cref="IChunkReclaimer"/>), so every protect is either before a
/// deletion, which then skips the chunk, or after it, and then the server's store check finds the chunk missing and
/// the sender uploads it again. Nothing here is persisted: a new activation knows no sweep, and a delete with the id
/// of a sweep it does not know is refused.
/// </remarks>
public interface IChunkSweepGrain : IGrainWithIntegerKey
{
    /// <summary>Starts a sweep and returns its id; <see cref="Guid.Empty"/> while another sweep holds an unexpired lease.</summary>
    Task<Guid> BeginSweep(TimeSpan lease);

    [ReadOnly]
    Task<bool> IsSweeping();

    /// <summary>During a sweep, chunks that must not be deleted by it; outside one, nothing to do.</summary>
    Task Protect(IReadOnlyList<string> chunkHashes);

    /// <summary>
    /// Deletes the given chunks except protected ones and returns how many were deleted; renews the lease.
    /// FAILED_PRECONDITION when <paramref name="sweepId"/> is not the current sweep.
    /// </summary>
    Task<int> Delete(Guid sweepId, IReadOnlyList<string> chunkHashes);

    Task EndSweep(Guid sweepId);
}
