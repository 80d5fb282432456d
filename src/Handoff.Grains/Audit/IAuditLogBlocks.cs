using Handoff.Contracts.Audit;

namespace Handoff.Grains.Audit;

/// <summary>
/// An audit log as <see cref="AuditLogReader"/> sees it: blocks of events, oldest first, numbered
/// <see cref="FirstBlock"/> to <see cref="LastBlock"/>; every block but the last is a sealed (immutable) segment, the
/// last is the recent list. Sequence numbers run on across blocks without gaps.
/// </summary>
internal interface IAuditLogBlocks
{
    long FirstBlock { get; }

    long LastBlock { get; }

    /// <summary>The sequence number the next appended event will get.</summary>
    long NextSequence { get; }

    long FirstSequenceOf(long block);

    long BlockOf(long sequence);

    /// <summary>The block's events, oldest first, with their chain hashes.</summary>
    Task<AuditBlock> ReadAsync(long block);

    /// <summary>The block's earliest and latest event time, without shipping its events.</summary>
    Task<AuditTimeBounds> BoundsAsync(long block);
}
