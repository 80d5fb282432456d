using Handoff.Contracts.Studies;

namespace Handoff.Server.Sending;

/// <summary>
/// The chunks a study declares and the length each must have, as this server last read them from the study grain.
/// One per study with uploads in progress here, shared by all of its upload streams (a 200,000-instance study's
/// set is megabytes: copying it per stream let a caller multiply it with header-only streams). A hash it does not
/// know makes it ask the grain once more, and only a study that changed sends its set again.
/// </summary>
public sealed class DeclaredChunkView
{
    private readonly IStudyGrain _study;
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private volatile Snapshot _current = new(Guid.Empty, 0, new Dictionary<string, int>(StringComparer.Ordinal));

    public DeclaredChunkView(IStudyGrain study)
    {
        _study = study;
    }

    /// <summary>The length the chunk named <paramref name="hash"/> must have, asking the grain when this view does not know it yet.</summary>
    public async ValueTask<int?> RequiredLengthAsync(string hash, CancellationToken cancellationToken)
    {
        var seen = _current;
        if (seen.Lengths.TryGetValue(hash, out var length))
            return length;
        await RefreshAsync(seen, cancellationToken);
        return _current.Lengths.TryGetValue(hash, out length) ? length : null;
    }

    /// <summary>Single flight: streams that miss at once wait for one read instead of each making their own.</summary>
    private async Task RefreshAsync(Snapshot seen, CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            if (!ReferenceEquals(seen, _current))
                return; // another stream refreshed while this one waited
            var declared = await _study.GetDeclaredChunks(seen.Epoch, seen.Version);
            if (declared.Unchanged)
                return;
            var lengths = new Dictionary<string, int>(declared.Hashes.Count, StringComparer.Ordinal);
            for (var i = 0; i < declared.Hashes.Count; i++)
                lengths[declared.Hashes[i]] = declared.Lengths[i];
            _current = new Snapshot(declared.Epoch, declared.Version, lengths);
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private sealed record Snapshot(Guid Epoch, long Version, Dictionary<string, int> Lengths);
}
