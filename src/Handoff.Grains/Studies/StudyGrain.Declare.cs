using Handoff.Contracts.Studies;
using Microsoft.Extensions.Logging;

namespace Handoff.Grains.Studies;

/// <summary>Declaring instances: what the sender intends to upload, checked against what the study already holds.</summary>
public sealed partial class StudyGrain
{
    public async Task<DeclareStudyResult> Declare(DeclareStudyCommand command)
    {
        var declared = StudyDeclarations.Validate(command, State.ChunkSize);

        // Every conflict is found before anything changes, so a refused declaration leaves the study as it was.
        var added = new List<InstanceDeclaration>();
        var inThisCommand = new Dictionary<string, InstanceDeclaration>(StringComparer.Ordinal);
        var lengthsInThisCommand = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var instance in declared)
        {
            var uid = instance.SopInstanceUid;
            if (_bySopUid.TryGetValue(uid, out var existing))
            {
                if (!StudyDeclarations.SameContent(existing.Size, existing.ChunkHashes, instance))
                    throw StudyDeclarations.Conflict(uid, existing.SourceName, instance.SourceName);
            }
            else if (inThisCommand.TryGetValue(uid, out var earlier))
            {
                if (!StudyDeclarations.SameContent(earlier.Size, earlier.ChunkHashes, instance))
                    throw StudyDeclarations.Conflict(uid, earlier.SourceName, instance.SourceName);
            }
            else
            {
                if (_chunks.FindLengthConflict(instance, command.ChunkSize, lengthsInThisCommand) is { } conflict)
                    throw StudyDeclarations.LengthConflict(instance, conflict.Index, conflict.Declared, conflict.Required);
                inThisCommand[uid] = instance;
                added.Add(instance);
            }
        }

        if (State.Instances.Count + added.Count > _limits.MaxInstancesPerStudy)
            throw StudyDeclarations.TooManyInstances(_studyUid, State.Instances.Count, added.Count, _limits.MaxInstancesPerStudy);

        if (added.Count > 0)
        {
            AddInstances(command.ChunkSize, added);
            await SaveAsync();
            LogDeclared(_facilityId, _studyUid, added.Count, State.Instances.Count);

            // New instances reopen a completed study; transfers learn it is receiving again.
            NotifyTransfers([]);
        }

        return new DeclareStudyResult(Outstanding(), Status());
    }

    private void AddInstances(int chunkSize, List<InstanceDeclaration> added)
    {
        if (!IsDeclared)
        {
            State.ChunkSize = chunkSize;
            State.CreatedAt = DateTimeOffset.UtcNow;
            _chunks = new ChunkIndex([], chunkSize);
        }

        foreach (var declaration in added)
        {
            var hashes = new string[declaration.ChunkHashes.Count];
            for (var i = 0; i < hashes.Length; i++)
                hashes[i] = declaration.ChunkHashes[i];
            var instance = new StudyInstanceState
            {
                SopInstanceUid = declaration.SopInstanceUid,
                Size = declaration.Size,
                ChunkHashes = hashes,
                SourceName = declaration.SourceName,
                StoredChunks = new bool[hashes.Length],
            };
            State.Instances.Add(instance);
            _bySopUid[instance.SopInstanceUid] = instance;
            _chunks.Add(instance, chunkSize);
        }

        State.Completed = false;
    }

    /// <summary>Distinct hashes of chunk positions not yet known to be stored, in declaration order.</summary>
    private List<string> Outstanding()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var outstanding = new List<string>();
        foreach (var instance in State.Instances)
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Study {FacilityId}/{StudyInstanceUid}: {Added} instances declared, {Total} in all")]
    private partial void LogDeclared(string facilityId, string studyInstanceUid, int added, int total);
}
