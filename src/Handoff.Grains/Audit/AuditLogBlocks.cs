using Handoff.Contracts.Audit;

namespace Handoff.Grains.Audit;

/// <summary>
/// One audit log's state as blocks: its sealed segments (segment grains, read only when a query reaches them) and its
/// recent list. Valid while the state does not change: the log grain is not reentrant and its queries only read.
/// </summary>
internal sealed class AuditLogBlocks : IAuditLogBlocks
{
    private readonly AuditLogGrainState _state;
    private readonly Func<long, IAuditLogSegmentGrain> _segment;

    public AuditLogBlocks(AuditLogGrainState state, Func<long, IAuditLogSegmentGrain> segment)
    {
        _state = state;
        _segment = segment;
    }

    public long FirstBlock => _state.FirstSegment;

    public long LastBlock => _state.NextSegment;

    public long NextSequence => FirstSequenceOf(_state.NextSegment) + _state.Recent.Count;

    public long FirstSequenceOf(long block) => AuditSegmentLayout.FirstSequenceOf(_state.Eras, block);

    public long BlockOf(long sequence) =>
        sequence >= FirstSequenceOf(_state.NextSegment) ? _state.NextSegment : AuditSegmentLayout.SegmentOf(_state.Eras, sequence);

    public Task<AuditBlock> ReadAsync(long block) =>
        block == _state.NextSegment
            ? Task.FromResult(new AuditBlock(_state.Recent, _state.RecentHashes, _state.RecentPrevious))
            : _segment(block).Read();

    public Task<AuditTimeBounds> BoundsAsync(long block) =>
        block == _state.NextSegment ? Task.FromResult(AuditTimeBounds.Of(_state.Recent)) : _segment(block).Bounds();
}
