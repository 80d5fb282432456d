namespace Handoff.Grains.Studies;

/// <summary>
/// Where each chunk hash occurs in a study (one hash can sit in many instances and positions: identical blank
/// frames, a shared header block) and which hashes are known to be stored. Built from the state on activation
/// and kept in step with it, never persisted: it is a view of the instances.
/// </summary>
/// <remarks>
/// Invariant: a hash in the stored set has every one of its positions marked stored. Marking therefore touches a
/// hash's positions once, and a repeated report of the same chunk costs one set lookup.
/// </remarks>
internal sealed class ChunkIndex
{
    private readonly Dictionary<string, List<(StudyInstanceState Instance, int Position)>> _positions = new(StringComparer.Ordinal);
    private readonly HashSet<string> _stored = new(StringComparer.Ordinal);

    public ChunkIndex(IEnumerable<StudyInstanceState> instances)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var all = instances.ToList();
        foreach (var instance in all)
        {
            if (instance.StoredChunks.Length != instance.ChunkHashes.Length)
                instance.StoredChunks = new bool[instance.ChunkHashes.Length];
            for (var i = 0; i < instance.ChunkHashes.Length; i++)
            {
                if (instance.StoredChunks[i] || instance.Verified)
                    _stored.Add(instance.ChunkHashes[i]);
            }
        }

        foreach (var instance in all)
            Add(instance);
    }

    public int DistinctHashes => _positions.Count;

    /// <summary>Counts indexed instances ever added: a change tells the grain that hashes may have appeared since it last looked.</summary>
    public long Version { get; private set; }

    public IReadOnlyList<string> Hashes() => _positions.Keys.ToArray();

    /// <summary>
    /// Declared hashes plus every hash known to be stored, declared or not: a hash reported stored and later declared
    /// starts out marked, so the store is not asked again and the chunk must stay.
    /// </summary>
    public IReadOnlyList<string> RetainedHashes()
    {
        var retained = new HashSet<string>(_positions.Keys, StringComparer.Ordinal);
        retained.UnionWith(_stored);
        return retained.ToArray();
    }

    /// <summary>Indexes a new (or reloaded) instance, marking the positions whose chunk is already known to be stored.</summary>
    public void Add(StudyInstanceState instance)
    {
        Version++;
        instance.StoredCount = 0;
        for (var i = 0; i < instance.ChunkHashes.Length; i++)
        {
            var hash = instance.ChunkHashes[i];
            if (!_positions.TryGetValue(hash, out var positions))
                _positions[hash] = positions = [];
            positions.Add((instance, i));
            instance.StoredChunks[i] = _stored.Contains(hash);
            if (instance.StoredChunks[i])
                instance.StoredCount++;
        }
    }

    public void Remove(StudyInstanceState instance)
    {
        foreach (var hash in instance.ChunkHashes)
        {
            if (!_positions.TryGetValue(hash, out var positions))
                continue;
            positions.RemoveAll(p => ReferenceEquals(p.Instance, instance));
            if (positions.Count == 0)
                _positions.Remove(hash);
        }
    }

    /// <summary>
    /// Records that the chunk store holds <paramref name="hash"/>, and adds to <paramref name="becameStored"/> each
    /// instance that this made fully stored. Unknown hashes are remembered too: an instance declared later with
    /// that chunk then starts with it marked.
    /// </summary>
    public void MarkStored(string hash, List<StudyInstanceState>? becameStored)
    {
        if (!_stored.Add(hash) || !_positions.TryGetValue(hash, out var positions))
            return;
        foreach (var (instance, position) in positions)
        {
            if (instance.StoredChunks[position])
                continue;
            instance.StoredChunks[position] = true;
            instance.StoredCount++;
            if (instance.FullyStored)
                becameStored?.Add(instance);
        }
    }
}
