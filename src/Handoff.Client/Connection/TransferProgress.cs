namespace Handoff.Client;

/// <summary>
/// Where a send or receive stands, as reported to <see cref="SendOptions.Progress"/> or
/// <see cref="ReceiveOptions.Progress"/> after each step (an instance found, a chunk moved, an instance done).
/// "Moved" bytes are the ones that crossed the network; instances already on the other side count as done without
/// moving anything, which is what a resumed transfer looks like. Reports may arrive from several threads at once.
/// </summary>
/// <param name="InstancesFound">Instances known so far (from the source, or the manifest).</param>
/// <param name="BytesFound">Their total size.</param>
/// <param name="InstancesDone">Instances on the other side, verified.</param>
/// <param name="BytesToMove">Bytes that have to cross the network, as far as known.</param>
/// <param name="BytesMoved">Bytes that have crossed it.</param>
/// <param name="ChunksMoved">Chunks that have crossed it.</param>
/// <param name="TotalKnown">True once the number of instances is final (source exhausted, or every study complete).</param>
/// <param name="Elapsed">Time since the operation started.</param>
public readonly record struct TransferProgress(
    long InstancesFound,
    long BytesFound,
    long InstancesDone,
    long BytesToMove,
    long BytesMoved,
    long ChunksMoved,
    bool TotalKnown,
    TimeSpan Elapsed);
