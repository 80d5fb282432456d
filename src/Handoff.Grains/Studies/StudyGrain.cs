using Handoff.Contracts.Errors;
using Handoff.Contracts.Hashing;
using Handoff.Contracts.Studies;
using Handoff.Contracts.Transfers;
using Handoff.Grains.Transfers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Handoff.Grains.Studies;

/// <summary>
/// One study held for one facility (key "{facility}/{studyUid}"). Declaration is in StudyGrain.Declare.cs, chunk and
/// verification progress in StudyGrain.Progress.cs, telling transfers in StudyGrain.Notifications.cs, how long the
/// study and its chunks are kept in StudyGrain.Retention.cs.
/// </summary>
public sealed partial class StudyGrain : Grain, IStudyGrain
{
    private readonly IPersistentState<StudyGrainState> _state;
    private readonly ILogger<StudyGrain> _logger;
    private readonly TransferRetentionOptions _retention;
    private readonly StudyLimitOptions _limits;
    private readonly Dictionary<string, StudyInstanceState> _bySopUid = new(StringComparer.Ordinal);
    private ChunkIndex _chunks = new([], 0);
    private string _facilityId = "";
    private string _studyUid = "";

    public StudyGrain(
        [PersistentState(HandoffStorage.StateName, HandoffStorage.ProviderName)] IPersistentState<StudyGrainState> state,
        IOptions<TransferRetentionOptions> retention,
        IOptions<StudyLimitOptions> limits,
        ILogger<StudyGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(retention);
        ArgumentNullException.ThrowIfNull(limits);
        _state = state;
        _retention = retention.Value;
        _limits = limits.Value;
        _logger = logger;
    }

    private StudyGrainState State => _state.State;

    private bool IsDeclared => State.ChunkSize > 0;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_facilityId, _studyUid) = StudyKey.Parse(this.GetPrimaryKeyString());
        foreach (var instance in State.Instances)
            _bySopUid[instance.SopInstanceUid] = instance;
        _chunks = new ChunkIndex(State.Instances, State.ChunkSize);

        // What a registered study stored was announced before it was stored (SaveAsync); one stored before this study
        // was ever registered announces on its next write.
        _announcedVersion = State.Registered ? _chunks.Version : -1;

        // A crash between this study's last write and its notification would leave a transfer behind for good;
        // a totals-only update on every activation brings each attached transfer back in step.
        if (IsDeclared)
            NotifyTransfers([]);
        return Task.CompletedTask;
    }

    public Task<bool> Exists() => Task.FromResult(IsDeclared);

    public Task<DeclaredChunks> GetDeclaredChunks(Guid knownEpoch, long knownVersion) =>
        Task.FromResult(knownEpoch == _chunks.Epoch && knownVersion == _chunks.Version
            ? new DeclaredChunks(knownEpoch, knownVersion, [], [], Unchanged: true)
            : _chunks.Declared());

    public Task<DeclaredChunkPosition?> FindDeclaredChunk(string chunkHash)
    {
        if (!Sha256Hex.IsValid(chunkHash) || _chunks.FirstPosition(Sha256Hex.Normalize(chunkHash)) is not { } first)
            return Task.FromResult<DeclaredChunkPosition?>(null);
        var instance = _bySopUid[first.SopInstanceUid];
        var length = ChunkLayout.LengthAt(instance.Size, State.ChunkSize, first.Position);
        return Task.FromResult<DeclaredChunkPosition?>(new DeclaredChunkPosition(instance.SopInstanceUid, instance.SourceName, first.Position, length));
    }

    public Task<StudyStatusRecord> GetStatus() => Task.FromResult(Status());

    public Task<StudyManifest> GetManifest()
    {
        var instances = new ManifestInstance[State.Instances.Count];
        for (var i = 0; i < instances.Length; i++)
        {
            var instance = State.Instances[i];
            instances[i] = new ManifestInstance(
                instance.SopInstanceUid, instance.SopClassUid, instance.SeriesInstanceUid, instance.Size,
                instance.ChunkHashes, instance.ContentHash, instance.Verified, instance.InstanceNumber);
        }

        return Task.FromResult(new StudyManifest(_studyUid, Status(), State.Metadata, State.Series.ToArray(), instances, State.ChunkSize));
    }

    public async Task<StudyStatusRecord> AttachTransfer(Guid transferId)
    {
        RequireExists();
        var listening = !State.Transfers.Contains(transferId);
        if (listening)
            State.Transfers.Add(transferId);

        // A retried attach keeps the first hold's end, as the transfer keeps the expiry it was created with.
        var holding = State.Holds.TryAdd(transferId, DateTimeOffset.UtcNow + _retention.Retention);
        if (listening || holding)
            await SaveAsync();
        return Status();
    }

    public async Task DetachTransfer(Guid transferId)
    {
        if (State.Transfers.Remove(transferId))
            await SaveAsync();
    }

    private StudyStatusRecord Status()
    {
        var (verified, bytesDeclared, bytesVerified) = Count();
        return new StudyStatusRecord(
            _studyUid, State.Completed ? StudyState.Complete : StudyState.Receiving, State.Instances.Count, verified,
            bytesDeclared, bytesVerified, State.Series.Count, State.Problems.ToArray());
    }

    private TransferStudyRecord Totals()
    {
        var (verified, bytesDeclared, _) = Count();
        return new TransferStudyRecord(_studyUid, State.Instances.Count, verified, bytesDeclared, State.Completed);
    }

    private (int Verified, long BytesDeclared, long BytesVerified) Count()
    {
        var (verified, bytesDeclared, bytesVerified) = (0, 0L, 0L);
        foreach (var instance in State.Instances)
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

    private void RequireExists()
    {
        if (!IsDeclared)
            throw DomainException.NotFound($"study {_studyUid} not found for facility '{_facilityId}'");
    }

    /// <summary>
    /// Every write goes through here, and announces new chunk hashes first (<see cref="AnnounceAsync"/>): a declaration
    /// must not return before the chunk collector can see what it declared.
    /// </summary>
    private async Task SaveAsync()
    {
        State.UpdatedAt = DateTimeOffset.UtcNow;
        try
        {
            await AnnounceAsync();
            await _state.WriteStateAsync();
            _storedMarksUnsaved = false;
        }
        catch
        {
            // Memory now holds a change storage does not: drop the activation so the next call reloads what is stored.
            this.DeactivateOnIdle();
            throw;
        }
    }
}
