using Handoff.Contracts.Errors;
using Handoff.Contracts.Studies;
using Handoff.Contracts.Transfers;
using Handoff.Server.Scheduling;
using Handoff.Server.Options;
using Handoff.Storage.Chunks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Handoff.Server.Sending;

/// <summary>Opens the per-stream <see cref="ChunkUploadSession"/> of an upload stream once its header named the study.</summary>
public sealed class ChunkUploadSessions
{
    private readonly IGrainFactory _grains;
    private readonly IChunkStore _store;
    private readonly StudyChunkRecorders _recorders;
    private readonly ChunkScheduler _scheduler;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly int _chunkSize;
    private readonly TimeSpan _idleTimeout;

    public ChunkUploadSessions(IGrainFactory grains, IChunkStore store, StudyChunkRecorders recorders, ChunkScheduler scheduler, IHostApplicationLifetime lifetime, IOptions<UploadOptions> options)
    {
        _scheduler = scheduler;
        _grains = grains;
        _store = store;
        _recorders = recorders;
        _lifetime = lifetime;
        _chunkSize = options.Value.ChunkSize;
        _idleTimeout = options.Value.StreamIdleTimeout;
    }

    /// <summary>NOT_FOUND when the facility never declared the study: chunks need a declaration to belong to.</summary>
    public async Task<ChunkUploadSession> OpenAsync(string facilityId, string studyInstanceUid, TransferPriority priority)
    {
        var study = _grains.GetGrain<IStudyGrain>(StudyKey.Of(facilityId, studyInstanceUid));
        if (!await study.Exists())
            throw DomainException.NotFound($"study {studyInstanceUid} was not declared; call DeclareStudy before uploading its chunks");
        var lease = _recorders.Acquire(facilityId, studyInstanceUid);
        return new ChunkUploadSession(study, studyInstanceUid, _store, lease, new ChunkTurns(_scheduler, priority) { Boost = new ArrivalBoost(study.IsArrivalBoosted) }, _chunkSize, _idleTimeout, _lifetime.ApplicationStopping);
    }
}
