namespace Handoff.Server.Sending;

/// <summary>Use of a study's shared recorder for the length of one call; disposing it lets the registry drop the recorder.</summary>
public sealed class StudyChunkRecorderLease : IDisposable
{
    private Action? _release;

    public StudyChunkRecorderLease(StudyChunkRecorder recorder, Action release)
    {
        Recorder = recorder;
        _release = release;
    }

    public StudyChunkRecorder Recorder { get; }

    public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
}
