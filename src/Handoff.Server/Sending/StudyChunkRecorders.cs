using Handoff.Contracts.Studies;
using Handoff.Server.Options;
using Microsoft.Extensions.Options;

namespace Handoff.Server.Sending;

/// <summary>
/// One <see cref="StudyChunkRecorder"/> per study with an upload or declaration in progress on this server, shared
/// by all of them and dropped when the last one ends.
/// </summary>
public sealed class StudyChunkRecorders
{
    private readonly Dictionary<string, Entry> _active = new(StringComparer.Ordinal);
    private readonly IGrainFactory _grains;
    private readonly InstanceVerifier _verifier;
    private readonly int _chunkSize;

    public StudyChunkRecorders(IGrainFactory grains, InstanceVerifier verifier, IOptions<UploadOptions> options)
    {
        _grains = grains;
        _verifier = verifier;
        _chunkSize = options.Value.ChunkSize;
    }

    /// <summary>The study's recorder, held until the lease is disposed.</summary>
    public StudyChunkRecorderLease Acquire(string facilityId, string studyInstanceUid)
    {
        var key = StudyKey.Of(facilityId, studyInstanceUid);
        lock (_active)
        {
            if (!_active.TryGetValue(key, out var entry))
            {
                var recorder = new StudyChunkRecorder(_grains.GetGrain<IStudyGrain>(key), studyInstanceUid, _verifier, _chunkSize);
                _active[key] = entry = new Entry(recorder);
            }
            entry.Leases++;
            return new StudyChunkRecorderLease(entry.Recorder, () => Release(key));
        }
    }

    private void Release(string key)
    {
        lock (_active)
        {
            if (_active.TryGetValue(key, out var entry) && --entry.Leases == 0)
                _active.Remove(key);
        }
    }

    private sealed class Entry(StudyChunkRecorder recorder)
    {
        public StudyChunkRecorder Recorder { get; } = recorder;

        public int Leases { get; set; }
    }
}
