using Handoff.Contracts.Hashing;
using Handoff.Contracts.Studies;

namespace Handoff.Grains.Studies;

/// <summary>
/// A study's instance table: the declared instances by SOP Instance UID (in declaration order, the manifest's order),
/// where each chunk hash sits (<see cref="ChunkIndex"/>), which instances are stored, verified or refused and why,
/// and the series and metadata their verified headers described. Changes the stored state in place; built again from
/// it on activation and whenever the state is replaced.
/// </summary>
internal sealed class StudyInstances
{
    /// <summary>Refusals are for the sender to read; beyond this many, the oldest go.</summary>
    public const int MaxProblems = 1000;

    private readonly StudyGrainState _state;
    private readonly Dictionary<string, StudyInstanceState> _bySopUid = new(StringComparer.Ordinal);

    public StudyInstances(StudyGrainState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _state = state;
        foreach (var instance in state.Instances)
            _bySopUid[instance.SopInstanceUid] = instance;
        Chunks = new ChunkIndex(state.Instances, state.ChunkSize);
    }

    public ChunkIndex Chunks { get; }

    public int Count => _state.Instances.Count;

    public IReadOnlyList<StudyInstanceState> All => _state.Instances;

    public StudyInstanceState? Find(string sopInstanceUid) => _bySopUid.GetValueOrDefault(sopInstanceUid);

    /// <summary>Adds checked declarations (see <see cref="StudyDeclarations.NewInstances"/>) in chunks of <paramref name="chunkSize"/>.</summary>
    public void Add(int chunkSize, IReadOnlyList<InstanceDeclaration> added)
    {
        ArgumentNullException.ThrowIfNull(added);
        foreach (var declaration in added)
        {
            var instance = new StudyInstanceState
            {
                SopInstanceUid = declaration.SopInstanceUid,
                Size = declaration.Size,
                ChunkHashes = [.. declaration.ChunkHashes],
                SourceName = declaration.SourceName,
                StoredChunks = new bool[declaration.ChunkHashes.Count],
                SeriesInstanceUid = declaration.SeriesInstanceUid ?? "",
            };
            _state.Instances.Add(instance);
            _bySopUid[instance.SopInstanceUid] = instance;
            Chunks.Add(instance, chunkSize);
        }
    }

    /// <summary>Distinct hashes of chunk positions not yet known to be stored, in declaration order.</summary>
    public List<string> Outstanding()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var outstanding = new List<string>();
        foreach (var instance in _state.Instances)
        {
            if (instance.Verified || instance.FullyStored)
                continue;
            for (var i = 0; i < instance.ChunkHashes.Length; i++)
            {
                if (!instance.StoredChunks[i] && seen.Add(instance.ChunkHashes[i]))
                    outstanding.Add(instance.ChunkHashes[i]);
            }
        }

        return outstanding;
    }

    /// <summary>
    /// Marks the declared ones of <paramref name="chunkHashes"/> (either case) stored and returns the instances this
    /// made complete and not yet verified; <paramref name="changed"/> says whether any mark is new.
    /// </summary>
    public List<PendingInstance> MarkStored(IReadOnlyList<string> chunkHashes, out bool changed)
    {
        ArgumentNullException.ThrowIfNull(chunkHashes);
        changed = false;
        var becameStored = new List<StudyInstanceState>();
        foreach (var hash in chunkHashes)
        {
            if (Sha256Hex.IsValid(hash) && Chunks.MarkStored(Sha256Hex.Normalize(hash), becameStored))
                changed = true;
        }

        var pending = new List<PendingInstance>(becameStored.Count);
        foreach (var instance in becameStored)
        {
            if (!instance.Verified)
                pending.Add(ToPending(instance));
        }

        return pending;
    }

    /// <summary>Instances whose chunks are all stored but that are neither verified nor refused.</summary>
    public List<PendingInstance> Pending()
    {
        var pending = new List<PendingInstance>();
        foreach (var instance in _state.Instances)
        {
            if (instance.FullyStored && !instance.Verified)
                pending.Add(ToPending(instance));
        }

        return pending;
    }

    /// <summary>
    /// Marks a declared instance verified with its content hash and what its header says; the first verified instance
    /// gives the study its metadata, the first of each series the series. False when it was verified already.
    /// </summary>
    /// <summary>Enough to say "more than one patient" and how many, without growing with a hostile upload.</summary>
    public const int MaxPatientsTracked = 16;

    /// <summary>
    /// The Patient ID, hashed: the state keeps that two differ, not a second copy. Not the issuer: one instance naming
    /// it and another leaving it empty is one patient more often than two.
    /// </summary>
    private static string PatientKey(StudyMetadata? study) =>
        Sha256Hex.FromBytes(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(study?.PatientId ?? "")))[..16];

    public bool Verify(VerifiedInstance verified)
    {
        ArgumentNullException.ThrowIfNull(verified);
        var instance = _bySopUid[verified.SopInstanceUid];
        if (instance.Verified)
            return false;

        // The server read the header from the chunk store, so every chunk is there even if this activation has not
        // been told (a restart in between).
        foreach (var hash in instance.ChunkHashes)
            Chunks.MarkStored(hash, null);
        instance.Verified = true;
        instance.ContentHash = Sha256Hex.OfConcatenated(instance.ChunkHashes);
        instance.SeriesInstanceUid = verified.SeriesInstanceUid ?? "";
        instance.SopClassUid = verified.SopClassUid ?? "";
        instance.InstanceNumber = verified.InstanceNumber;
        instance.SliceThickness = verified.SliceThickness;
        _state.Metadata ??= verified.Study;
        var patient = PatientKey(verified.Study);
        if (_state.PatientKeys.Count < MaxPatientsTracked && !_state.PatientKeys.Contains(patient))
            _state.PatientKeys.Add(patient);
        if (!_state.Series.Exists(s => s.SeriesInstanceUid == instance.SeriesInstanceUid))
            _state.Series.Add(new ManifestSeries(instance.SeriesInstanceUid, verified.Modality ?? "", verified.SeriesDescription ?? "", verified.SeriesNumber));
        _state.Problems.RemoveAll(p => p.SopInstanceUid == instance.SopInstanceUid);
        return true;
    }

    /// <summary>
    /// Removes a refused instance (its chunks stay: other studies may share them) and records why, keeping the last
    /// <see cref="MaxProblems"/> refusals. A verified instance passed every check: a late refusal of it is a server
    /// bug, not a reason to lose it, so it is ignored (false).
    /// </summary>
    public bool Reject(InstanceProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var instance = Find(problem.SopInstanceUid);
        if (instance is { Verified: true })
            return false;
        if (instance is not null)
        {
            _state.Instances.Remove(instance);
            _bySopUid.Remove(instance.SopInstanceUid);
            Chunks.Remove(instance);
        }

        var source = string.IsNullOrEmpty(problem.SourceName) ? instance?.SourceName ?? "" : problem.SourceName;
        var recorded = problem with { SourceName = source, Reason = problem.Reason ?? "" };
        if (!_state.Problems.Contains(recorded))
            _state.Problems.Add(recorded);
        if (_state.Problems.Count > MaxProblems)
            _state.Problems.RemoveAt(0);
        return true;
    }

    /// <summary>The SOP Instance UIDs not verified yet, in declaration order.</summary>
    public List<string> Unverified()
    {
        var missing = new List<string>();
        foreach (var instance in _state.Instances)
        {
            if (!instance.Verified)
                missing.Add(instance.SopInstanceUid);
        }

        return missing;
    }

    /// <summary>
    /// Bytes in the chunk store: verified instances whole, the others by their stored chunks of <paramref name="chunkSize"/>
    /// (at most the instance's size; the last chunk is shorter).
    /// </summary>
    public long BytesStored(int chunkSize)
    {
        long bytes = 0;
        foreach (var instance in _state.Instances)
            bytes += instance.Verified ? instance.Size : Math.Min(instance.Size, (long)instance.StoredCount * chunkSize);
        return bytes;
    }

    /// <summary>Verified instances, and bytes declared and verified.</summary>
    public (int Verified, long BytesDeclared, long BytesVerified) Totals()
    {
        var (verified, bytesDeclared, bytesVerified) = (0, 0L, 0L);
        foreach (var instance in _state.Instances)
        {
            bytesDeclared += instance.Size;
            if (instance.Verified)
            {
                verified++;
                bytesVerified += instance.Size;
            }
        }

        return (verified, bytesDeclared, bytesVerified);
    }

    private static PendingInstance ToPending(StudyInstanceState instance) =>
        new(instance.SopInstanceUid, instance.Size, instance.ChunkHashes, instance.SourceName);
}
