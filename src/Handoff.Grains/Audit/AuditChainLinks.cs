using System.Buffers.Text;
using Handoff.Contracts.Audit;

namespace Handoff.Grains.Audit;

/// <summary>
/// Appends events to an audit log's state as links of its hash chain (<see cref="AuditChain"/>), and the cluster's
/// checkpoints when they are due. Plain state rules, so the grain only orchestrates storage.
/// </summary>
internal sealed class AuditChainLinks
{
    private readonly AuditLogGrainState _state;
    private readonly string _logId;

    public AuditChainLinks(AuditLogGrainState state, string logId)
    {
        _state = state;
        _logId = logId;
    }

    private long NextSequence => AuditSegmentLayout.FirstSequenceOf(_state.Eras, _state.NextSegment) + _state.Recent.Count;

    /// <summary>
    /// Starts the chain in a log that has none: at 0 in a new log, after the last event in a log written before chains
    /// (its older events stay, unchained). Deterministic, so an upgrade not written yet is made the same way again.
    /// </summary>
    public void Upgrade()
    {
        if (_state.Head is not null)
            return;
        var genesis = AuditChain.Genesis(_logId);
        _state.ChainStart = NextSequence;
        _state.Head = genesis;
        while (_state.RecentHashes.Count < _state.Recent.Count)
            _state.RecentHashes.Add(string.Empty);
        _state.RecentPrevious = _state.Recent.Count == 0 ? genesis : string.Empty;
    }

    /// <summary>Appends <paramref name="record"/> with the next sequence, committing to the head.</summary>
    public void Add(AuditEventRecord record)
    {
        var hash = AuditChain.Next(_state.Head ?? AuditChain.Genesis(_logId), NextSequence, record);
        _state.Recent.Add(record);
        _state.RecentHashes.Add(hash);
        _state.Head = hash;
    }

    /// <summary>Appends a checkpoint signing the current head when <paramref name="options"/> say one is due.</summary>
    public void CheckpointIfDue(IAuditCheckpointSigner? signer, AuditChainOptions options, DateTimeOffset now, int added)
    {
        _state.SinceCheckpoint += added;
        if (signer is null || _state.SinceCheckpoint == 0 || NextSequence == 0)
            return;
        _state.LastCheckpointAt ??= now; // the interval of a log's first checkpoint counts from its first events
        if (_state.SinceCheckpoint < options.CheckpointEvents && now - _state.LastCheckpointAt.Value < options.CheckpointInterval)
            return;
        var covers = NextSequence - 1;
        var head = _state.Head!;
        // The chain's start is signed too: a verifier then knows how many leading events may lack a hash.
        var start = _state.ChainStart;
        var signature = Base64Url.EncodeToString(signer.Sign(AuditCheckpoint.Payload(_logId, start, covers, head, now)));
        var detail = new AuditCheckpoint(covers, start, head, signer.KeyId, signature).ToDetail();
        Add(new AuditEventRecord(now, AuditChain.ClusterActor, string.Empty, AuditChain.CheckpointAction, "audit-log", _logId, "success", detail));
        _state.SinceCheckpoint = 0;
        _state.LastCheckpointAt = now;
    }

    /// <summary>The oldest <paramref name="size"/> recent events as a block to seal; forgets them from the recent list.</summary>
    public AuditBlock TakeBlock(int size) =>
        new(_state.Recent.GetRange(0, size).ToArray(), _state.RecentHashes.GetRange(0, size).ToArray(), _state.RecentPrevious);

    /// <summary>Forgets the block <see cref="TakeBlock"/> returned, once its segment is stored.</summary>
    public void Sealed(int size)
    {
        var last = _state.RecentHashes[size - 1];
        _state.Recent.RemoveRange(0, size);
        _state.RecentHashes.RemoveRange(0, size);
        // Before the chain the block's last event has no hash; the first chained event after it commits to the genesis value.
        _state.RecentPrevious = last.Length > 0 ? last
            : _state.Recent.Count == 0 || _state.RecentHashes[0].Length > 0 ? AuditChain.Genesis(_logId) : string.Empty;
        _state.NextSegment++;
    }
}
