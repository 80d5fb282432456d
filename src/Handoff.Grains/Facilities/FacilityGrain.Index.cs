using Handoff.Contracts.Facilities;
using Handoff.Contracts.Transfers;

namespace Handoff.Grains.Facilities;

/// <summary>
/// The mailbox index: each transfer's list position (ended, priority, created, id), kept in memory so a page of a
/// mailbox of thousands of transfers reads only that page's transfers, and a change version that open pages wait on.
/// Built from the transfers on first use after activation (one read of each); transfers keep it current with one-way
/// <see cref="OnTransferChanged"/> calls after every change they store.
/// </summary>
public sealed partial class FacilityGrain
{
    private const int BuildBatch = 500;

    private readonly Dictionary<Guid, TransferListPosition> _positions = [];
    private readonly Dictionary<Guid, TransferStatus> _states = [];
    private readonly Dictionary<Guid, DateTimeOffset> _updatedAt = [];
    private readonly EventSignal _mailboxSignal = new();
    private Task? _indexBuilt;

    // Starts from the clock, not 0: a page that long-polls with a version from before this activation differs from every new one.
    private long _mailboxVersion = DateTime.UtcNow.Ticks;

    public async Task<MailboxPage> ListPage(MailboxQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        RequireRegistered();
        // Read before the index, so a change while this page is built shows up as a newer version.
        var version = _mailboxVersion;
        await EnsureIndexAsync();
        var matching = new List<TransferListPosition>();
        foreach (var id in IdsOf(query.Mailbox))
        {
            if (_positions.TryGetValue(id, out var position) && position.Priority >= query.MinimumPriority
                && (query.After is not { } after || position > after)
                && (query.States.Count == 0 || _states.TryGetValue(id, out var state) && query.States.Contains(state)))
                matching.Add(position);
        }
        matching.Sort();
        var page = matching.Count > query.Limit ? matching[..query.Limit] : matching;
        return new MailboxPage([.. page.Select(p => p.Id)], matching.Count > query.Limit, page.Count > 0 ? page[^1] : null, version);
    }

    public Task OnTransferChanged(TransferListPosition position, TransferStatus state, DateTimeOffset updatedAt)
    {
        // Kept even while the index is being built: the build skips what a change already told it, which is newer.
        if (!_inboxIds.Contains(position.Id) && !_outboxIds.Contains(position.Id))
            return Task.CompletedTask;
        var known = _updatedAt.TryGetValue(position.Id, out var knownAt);
        // Older than what the index holds, or the same report again (a listing's correction): nothing changed.
        if (known && (updatedAt < knownAt || (updatedAt == knownAt && _states.GetValueOrDefault(position.Id) == state)))
            return Task.CompletedTask;
        _positions[position.Id] = position;
        _states[position.Id] = state;
        _updatedAt[position.Id] = updatedAt;
        _mailboxVersion++;
        _mailboxSignal.Pulse();
        return Task.CompletedTask;
    }

    public async Task<long> WaitForMailboxChange(long version, TimeSpan timeout)
    {
        var changed = await _mailboxSignal.WaitForAsync(() => _mailboxVersion != version ? [_mailboxVersion] : Array.Empty<long>(), timeout);
        return changed.Count > 0 ? changed[0] : _mailboxVersion;
    }

    private IEnumerable<Guid> IdsOf(Mailbox? mailbox) => mailbox switch
    {
        Mailbox.Inbox => State.Inbox,
        Mailbox.Outbox => State.Outbox,
        _ => State.Inbox.Concat(State.Outbox).Distinct(),
    };

    private Task EnsureIndexAsync()
    {
        // One build shared by every page asked for meanwhile; a failed build is tried again by the next page.
        if (_indexBuilt is null || _indexBuilt.IsFaulted || _indexBuilt.IsCanceled)
            _indexBuilt = BuildIndexAsync();
        return _indexBuilt;
    }

    private async Task BuildIndexAsync()
    {
        var ids = State.Inbox.Concat(State.Outbox).Distinct().Where(id => !_positions.ContainsKey(id)).ToArray();
        for (var start = 0; start < ids.Length; start += BuildBatch)
        {
            var batch = ids.AsMemory(start, Math.Min(BuildBatch, ids.Length - start)).ToArray();
            var records = await Task.WhenAll(batch.Select(id => GrainFactory.GetGrain<ITransferGrain>(id).Get()));
            foreach (var record in records)
            {
                // A change that arrived while this read was under way is newer than what the read saw.
                if (record is not null && !_positions.ContainsKey(record.Id))
                {
                    _positions[record.Id] = TransferListPosition.Of(record);
                    _states[record.Id] = record.State;
                    _updatedAt[record.Id] = record.UpdatedAt;
                }
            }
        }
    }
}
