using Handoff.Contracts.Audit;
using Handoff.Contracts.Errors;
using Microsoft.Extensions.Options;

namespace Handoff.Grains.Audit;

/// <summary>
/// An append-only audit log (key: facility id, or the operator log). It keeps every event: nothing is ever dropped,
/// however many calls a facility makes. Each event is a link of the log's hash chain (<see cref="AuditChain"/>), and
/// the cluster countersigns the chain's head now and then with a checkpoint event (<see cref="AuditChainLinks"/>).
/// </summary>
/// <remarks>
/// Grain state is written whole, so one list of every event would rewrite megabytes for every audited access.
/// Instead the newest events live here and every <see cref="SegmentSize"/> of them are sealed into an immutable
/// segment grain, kept in grain storage and read only when a query reaches it. An append writes the segments it
/// fills and this grain's short list. Each event's sequence number is its position in the log, so paging is
/// arithmetic; see <see cref="AuditLogReader"/> for time ranges. The server batches appends (one call per group
/// commit), so under load this grain writes once per batch, not once per event.
/// </remarks>
public sealed class AuditLogGrain : Grain, IAuditLogGrain
{
    /// <summary>Events per new segment, and so the most the recent list holds at rest (logs from before keep their 1000-event segments).</summary>
    internal const int SegmentSize = 256;

    private readonly IPersistentState<AuditLogGrainState> _state;
    private readonly IAuditCheckpointSigner? _signer;
    private readonly AuditChainOptions _options;

    public AuditLogGrain(
        [PersistentState(HandoffStorage.StateName, HandoffStorage.ProviderName)] IPersistentState<AuditLogGrainState> state,
        IEnumerable<IAuditCheckpointSigner> signers,
        IOptions<AuditChainOptions> options)
    {
        ArgumentNullException.ThrowIfNull(signers);
        ArgumentNullException.ThrowIfNull(options);
        _state = state;
        _signer = signers.FirstOrDefault();
        _options = options.Value;
    }

    private AuditLogGrainState State => _state.State;

    private AuditChainLinks Links => new(State, this.GetPrimaryKeyString());

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        AuditSegmentLayout.Upgrade(State, SegmentSize);
        Links.Upgrade();
        return Task.CompletedTask;
    }

    public async Task Append(IReadOnlyList<AuditEventRecord> events)
    {
        if (events is null)
            throw DomainException.Invalid("events is required");
        if (events.Count == 0)
            return;
        try
        {
            var links = Links;
            var added = 0;
            foreach (var auditEvent in events)
            {
                if (auditEvent is null)
                    continue;
                links.Add(auditEvent);
                added++;
            }
            links.CheckpointIfDue(_signer, _options, DateTimeOffset.UtcNow, added);

            for (var size = AuditSegmentLayout.SizeOf(State.Eras, State.NextSegment); State.Recent.Count >= size;)
            {
                // The segment is written before this grain forgets the events: a crash in between writes the same
                // segment number again on the next append, so nothing is lost or counted twice.
                await Segment(State.NextSegment).Write(links.TakeBlock(size));
                links.Sealed(size);
            }

            await _state.WriteStateAsync();
        }
        catch
        {
            // Memory may hold events storage does not: drop the activation so the next call reloads what is stored.
            DeactivateOnIdle();
            throw;
        }
    }

    public async Task<IReadOnlyList<AuditEventRecord>> List(int limit)
    {
        var page = await AuditLogReader.ReadAsync(Blocks(), new AuditQuery(limit), limit);
        var events = new AuditEventRecord[page.Entries.Count];
        for (var i = 0; i < events.Length; i++)
            events[i] = page.Entries[i].Event;
        return events;
    }

    public Task<AuditPage> Query(AuditQuery query)
    {
        if (query is null)
            throw DomainException.Invalid("query is required");
        return AuditLogReader.ReadAsync(Blocks(), query, Math.Min(query.Limit, IAuditLogGrain.MaxQueryLimit));
    }

    private AuditLogBlocks Blocks() => new(State, Segment);

    private IAuditLogSegmentGrain Segment(long number) =>
        GrainFactory.GetGrain<IAuditLogSegmentGrain>($"{this.GetPrimaryKeyString()}#{number}");
}
