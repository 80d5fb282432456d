using Handoff.Contracts.Errors;
using Handoff.Contracts.Hashing;
using Handoff.Contracts.Studies;
using Microsoft.Extensions.Logging;

namespace Handoff.Grains.Studies;

/// <summary>Upload progress: chunks stored, instances verified or refused, and the study accepted.</summary>
public sealed partial class StudyGrain
{
    /// <summary>Refusals are for the sender to read; beyond this many, the oldest go.</summary>
    private const int MaxProblems = 1000;

    private const int MissingNamedInErrors = 10;

    /// <summary>
    /// How long stored-chunk marks may live in memory only. They are this study's proof that its sender uploaded a
    /// chunk (the chunk store is shared by every facility, so its own answer proves nothing about who sent what):
    /// a restart forgets at most this much upload progress, which the sender then sends again.
    /// </summary>
    private static readonly TimeSpan StoredMarksWriteInterval = TimeSpan.FromSeconds(2);

    private bool _storedMarksUnsaved;

    /// <summary>
    /// Called for every batch of stored chunks (thousands per large study), so it writes the state at most every
    /// <see cref="StoredMarksWriteInterval"/>: instance verdicts write it far more often while small instances arrive,
    /// and a large instance's chunks are written at that pace until it completes.
    /// </summary>
    public async Task<IReadOnlyList<PendingInstance>> RecordStoredChunks(IReadOnlyList<string> chunkHashes)
    {
        if (chunkHashes is null)
            throw DomainException.Invalid("chunkHashes is required");
        var becameStored = new List<StudyInstanceState>();
        foreach (var hash in chunkHashes)
        {
            if (Sha256Hex.IsValid(hash) && _chunks.MarkStored(Sha256Hex.Normalize(hash), becameStored))
                _storedMarksUnsaved = true;
        }

        var pending = new List<PendingInstance>(becameStored.Count);
        foreach (var instance in becameStored)
        {
            if (!instance.Verified)
                pending.Add(ToPending(instance));
        }

        if (_storedMarksUnsaved && DateTimeOffset.UtcNow - State.UpdatedAt >= StoredMarksWriteInterval)
            await SaveAsync();
        return pending;
    }

    public Task<IReadOnlyList<PendingInstance>> GetPendingInstances()
    {
        var pending = new List<PendingInstance>();
        foreach (var instance in State.Instances)
        {
            if (instance.FullyStored && !instance.Verified)
                pending.Add(ToPending(instance));
        }

        return Task.FromResult<IReadOnlyList<PendingInstance>>(pending);
    }

    public async Task<StudyStatusRecord> RecordVerifiedInstances(IReadOnlyList<VerifiedInstance> instances)
    {
        if (instances is null)
            throw DomainException.Invalid("instances is required");
        foreach (var verified in instances)
        {
            if (verified?.SopInstanceUid is null || !_bySopUid.ContainsKey(verified.SopInstanceUid))
                throw DomainException.NotFound($"SOP Instance UID {verified?.SopInstanceUid} is not declared in study {_studyUid}");
        }

        var newlyAvailable = new List<string>();
        foreach (var verified in instances)
        {
            var instance = _bySopUid[verified.SopInstanceUid];
            if (instance.Verified)
                continue;

            // The server read the header from the chunk store, so every chunk is there even if this activation
            // has not been told (a restart in between).
            foreach (var hash in instance.ChunkHashes)
                _chunks.MarkStored(hash, null);
            instance.Verified = true;
            instance.ContentHash = Sha256Hex.OfConcatenated(instance.ChunkHashes);
            instance.SeriesInstanceUid = verified.SeriesInstanceUid ?? "";
            instance.SopClassUid = verified.SopClassUid ?? "";
            instance.InstanceNumber = verified.InstanceNumber;
            State.Metadata ??= verified.Study;
            if (!State.Series.Exists(s => s.SeriesInstanceUid == instance.SeriesInstanceUid))
            {
                State.Series.Add(new ManifestSeries(
                    instance.SeriesInstanceUid, verified.Modality ?? "", verified.SeriesDescription ?? "", verified.SeriesNumber));
            }

            State.Problems.RemoveAll(p => p.SopInstanceUid == instance.SopInstanceUid);
            newlyAvailable.Add(instance.SopInstanceUid);
        }

        if (newlyAvailable.Count > 0)
        {
            await SaveAsync();
            LogVerified(_facilityId, _studyUid, newlyAvailable.Count);
            NotifyTransfers(newlyAvailable);
        }

        return Status();
    }

    public async Task<StudyStatusRecord> RecordRejectedInstances(IReadOnlyList<InstanceProblem> problems)
    {
        if (problems is null)
            throw DomainException.Invalid("problems is required");
        var changed = false;
        foreach (var problem in problems)
        {
            if (problem is null || string.IsNullOrEmpty(problem.SopInstanceUid))
                continue;
            var uid = problem.SopInstanceUid;
            _bySopUid.TryGetValue(uid, out var instance);
            if (instance is { Verified: true })
            {
                // A verified instance passed every check; a late refusal of it is a server bug, not a reason to lose it.
                LogRejectionOfVerifiedIgnored(_facilityId, _studyUid, uid);
                continue;
            }

            if (instance is not null)
            {
                State.Instances.Remove(instance);
                _bySopUid.Remove(uid);
                _chunks.Remove(instance);
            }

            var source = string.IsNullOrEmpty(problem.SourceName) ? instance?.SourceName ?? "" : problem.SourceName;
            var recorded = problem with { SourceName = source, Reason = problem.Reason ?? "" };
            if (!State.Problems.Contains(recorded))
                State.Problems.Add(recorded);
            if (State.Problems.Count > MaxProblems)
                State.Problems.RemoveAt(0);
            changed = true;
            LogRejected(_facilityId, _studyUid, uid);
        }

        if (changed)
        {
            await SaveAsync();
            NotifyTransfers([]);
        }

        return Status();
    }

    public async Task<StudyStatusRecord> Complete()
    {
        RequireExists();
        if (State.Instances.Count == 0)
            throw DomainException.WrongState($"study {_studyUid} has no instances to accept ({State.Problems.Count} were refused)");
        var missing = new List<string>();
        foreach (var instance in State.Instances)
        {
            if (!instance.Verified)
                missing.Add(instance.SopInstanceUid);
        }

        if (missing.Count > 0)
        {
            var named = string.Join(", ", missing.Take(MissingNamedInErrors));
            var more = missing.Count > MissingNamedInErrors ? $" and {missing.Count - MissingNamedInErrors} more" : "";
            throw DomainException.WrongState(
                $"study {_studyUid} is not complete: {missing.Count} of {State.Instances.Count} instances are not uploaded and verified yet: {named}{more}");
        }

        if (!State.Completed)
        {
            State.Completed = true;
            await SaveAsync();
            LogCompleted(_facilityId, _studyUid, State.Instances.Count);
        }

        // Even when already complete: a retried Complete is how a sender recovers a notification lost in a crash.
        NotifyTransfers([]);
        return Status();
    }

    private static PendingInstance ToPending(StudyInstanceState instance) =>
        new(instance.SopInstanceUid, instance.Size, instance.ChunkHashes, instance.SourceName);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Study {FacilityId}/{StudyInstanceUid}: {Count} instances verified")]
    private partial void LogVerified(string facilityId, string studyInstanceUid, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Study {FacilityId}/{StudyInstanceUid}: instance {SopInstanceUid} refused")]
    private partial void LogRejected(string facilityId, string studyInstanceUid, string sopInstanceUid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Study {FacilityId}/{StudyInstanceUid}: refusal of verified instance {SopInstanceUid} ignored")]
    private partial void LogRejectionOfVerifiedIgnored(string facilityId, string studyInstanceUid, string sopInstanceUid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Study {FacilityId}/{StudyInstanceUid} complete with {Count} instances")]
    private partial void LogCompleted(string facilityId, string studyInstanceUid, int count);
}
