using Handoff.Contracts.Audit;
using Handoff.Grains.Audit;

namespace Handoff.Grains.Tests.Audit;

/// <summary>An audit log's blocks in memory (the last one is the recent list), counting what a reader asks for.</summary>
internal sealed class FakeAuditLogBlocks : IAuditLogBlocks
{
    private readonly IReadOnlyList<IReadOnlyList<AuditEventRecord>> _blocks;
    private readonly long[] _firstSequence;

    public FakeAuditLogBlocks(IReadOnlyList<IReadOnlyList<AuditEventRecord>> blocks)
    {
        _blocks = blocks;
        _firstSequence = new long[blocks.Count + 1];
        for (var i = 0; i < blocks.Count; i++)
            _firstSequence[i + 1] = _firstSequence[i] + blocks[i].Count;
    }

    public int Reads { get; private set; }

    public int BoundsReads { get; private set; }

    public long FirstBlock => 0;

    public long LastBlock => _blocks.Count - 1;

    public long NextSequence => _firstSequence[^1];

    public long FirstSequenceOf(long block) => _firstSequence[block];

    public long BlockOf(long sequence)
    {
        var found = Array.BinarySearch(_firstSequence, 0, _blocks.Count, sequence);
        return found >= 0 ? found : ~found - 1;
    }

    public Task<AuditBlock> ReadAsync(long block)
    {
        Reads++;
        return Task.FromResult(AuditBlock.Legacy(_blocks[(int)block]));
    }

    public Task<AuditTimeBounds> BoundsAsync(long block)
    {
        BoundsReads++;
        return Task.FromResult(AuditTimeBounds.Of(_blocks[(int)block]));
    }
}
