using Handoff.Contracts.Studies;

namespace Handoff.Grains.Studies;

/// <summary>
/// Where each chunk hash occurs in a study (one hash can sit in many instances and positions: identical blank
/// frames, a shared header block), the length every occurrence requires, and which hashes are known to be stored.
/// Built from the state on activation and kept in step with it, never persisted: it is a view of the instances.
/// </summary>
/// <remarks>
/// Invariants: a hash in the stored set has every one of its positions marked stored, so marking touches a hash's
/// positions once and a repeated report of the same chunk costs one set lookup; and every position of a hash requires
/// the same length (content addressing: one hash, one byte string), which <see cref="FindLengthConflict"/> enforces
/// before anything is added.
/// </remarks>
internal sealed class ChunkIndex
{
    private readonly Dictionary<string, List<(StudyInstanceState Instance, int Position)>> _positions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _lengths = new(StringComparer.Ordinal);
    private readonly HashSet<string> _stored = new(StringComparer.Ordinal);

    /// <param name="instances">The study's declared instances.</param>
    /// <param name="chunkSize">The study's chunk size; unused when there are no instances yet.</param>
    public ChunkIndex(IEnumerable<StudyInstanceState> instances, int chunkSize)
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
            Add(instance, chunkSize);
    }

    /// <summary>A new value for every activation: with <see cref="Version"/> it names one state of the declared set.</summary>
    public Guid Epoch { get; } = Guid.NewGuid();

    /// <summary>Counts indexed instances ever added: a change tells the grain that hashes may have appeared since it last looked.</summary>
    public long Version { get; private set; }

    public int DistinctHashes => _positions.Count;

    /// <summary>Every declared hash with the length its chunk must have, for the upload streams' checks.</summary>
    public DeclaredChunks Declared()
    {
        var hashes = new string[_positions.Count];
        var lengths = new int[_positions.Count];
        var i = 0;
        foreach (var hash in _positions.Keys)
        {
            hashes[i] = hash;
            lengths[i] = _lengths[hash];
            i++;
        }

        return new DeclaredChunks(Epoch, Version, hashes, lengths);
    }

    /// <summary>
    /// Declared hashes plus every hash known to be stored: what the chunk collector must not delete while this study
    /// is held.
    /// </summary>
    public IReadOnlyList<string> RetainedHashes()
    {
        var retained = new HashSet<string>(_positions.Keys, StringComparer.Ordinal);
        retained.UnionWith(_stored);
        return retained.ToArray();
    }

    /// <summary>
    /// The first chunk of <paramref name="declaration"/> whose required length contradicts the length this study (or
    /// <paramref name="pending"/>, the rest of the same declaration) already requires of the same hash, or null.
    /// Adds the declaration's lengths to <paramref name="pending"/>.
    /// </summary>
    public (int Index, int Declared, int Required)? FindLengthConflict(InstanceDeclaration declaration, int chunkSize, Dictionary<string, int> pending)
    {
        ArgumentNullException.ThrowIfNull(declaration);
        ArgumentNullException.ThrowIfNull(pending);
        for (var i = 0; i < declaration.ChunkHashes.Count; i++)
        {
            var hash = declaration.ChunkHashes[i];
            var length = ChunkLayout.LengthAt(declaration.Size, chunkSize, i);
            if ((_lengths.TryGetValue(hash, out var required) || pending.TryGetValue(hash, out required)) && required != length)
                return (i, length, required);
            pending[hash] = length;
        }

        return null;
    }

    /// <summary>The length every occurrence of <paramref name="hash"/> requires, or null for a hash never declared here.</summary>
    public int? RequiredLength(string hash) => _lengths.TryGetValue(hash, out var length) ? length : null;

    /// <summary>True when a verified instance holds <paramref name="hash"/>: a destination may download it.</summary>
    public bool IsInVerifiedInstance(string hash)
    {
        if (!_positions.TryGetValue(hash, out var positions))
            return false;
        foreach (var (instance, _) in positions)
        {
            if (instance.Verified)
                return true;
        }
        return false;
    }

    /// <summary>The first declared position of <paramref name="hash"/>, for messages.</summary>
    public (string SopInstanceUid, int Position)? FirstPosition(string hash) =>
        _positions.TryGetValue(hash, out var positions) && positions.Count > 0
            ? (positions[0].Instance.SopInstanceUid, positions[0].Position)
            : null;

    /// <summary>Indexes a new (or reloaded) instance, marking the positions whose chunk is already known to be stored.</summary>
    public void Add(StudyInstanceState instance, int chunkSize)
    {
        ArgumentNullException.ThrowIfNull(instance);
        Version++;
        instance.StoredCount = 0;
        for (var i = 0; i < instance.ChunkHashes.Length; i++)
        {
            var hash = instance.ChunkHashes[i];
            if (!_positions.TryGetValue(hash, out var positions))
                _positions[hash] = positions = [];
            positions.Add((instance, i));
            _lengths[hash] = ChunkLayout.LengthAt(instance.Size, chunkSize, i);
            instance.StoredChunks[i] = _stored.Contains(hash);
            if (instance.StoredChunks[i])
                instance.StoredCount++;
        }
    }

    /// <summary>
    /// Forgets a refused instance. A hash no other instance uses is forgotten too, stored or not: declared again, its
    /// chunk must be uploaded again and is checked against its new position.
    /// </summary>
    public void Remove(StudyInstanceState instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        foreach (var hash in instance.ChunkHashes)
        {
            if (!_positions.TryGetValue(hash, out var positions))
                continue;
            positions.RemoveAll(p => ReferenceEquals(p.Instance, instance));
            if (positions.Count == 0)
            {
                _positions.Remove(hash);
                _lengths.Remove(hash);
                _stored.Remove(hash);
            }
        }
    }

    /// <summary>
    /// Records that an upload stream of this study stored <paramref name="hash"/> (after checking it against its
    /// declared length), and adds to <paramref name="becameStored"/> each instance that this made fully stored.
    /// Returns true when this newly marked the hash; a hash no instance declares is ignored (false): what was never
    /// declared here is never taken as stored.
    /// </summary>
    public bool MarkStored(string hash, List<StudyInstanceState>? becameStored)
    {
        if (!_positions.TryGetValue(hash, out var positions) || !_stored.Add(hash))
            return false;
        foreach (var (instance, position) in positions)
        {
            if (instance.StoredChunks[position])
                continue;
            instance.StoredChunks[position] = true;
            instance.StoredCount++;
            if (instance.FullyStored)
                becameStored?.Add(instance);
        }

        return true;
    }
}
