using Handoff.Storage.Files;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Handoff.Storage.Grains;

/// <summary>
/// Orleans grain storage with two slot files per grain state, <c>&lt;root&gt;/grains/&lt;state name&gt;/&lt;grain id&gt;.state</c>
/// and <c>.state.b</c> (<see cref="GrainStateSlots"/>), for the single-node embedded default. Every write rewrites the
/// older slot whole, so a SIGKILL mid-write leaves the previous state intact in the other. Each write stores a new ETag;
/// a write or clear that does not present the stored ETag fails with <see cref="InconsistentStateException"/>, as
/// Orleans providers do. One silo owns a root folder: reads, writes and clears of one state take an in-process lock
/// (not a file lock), which makes the ETag check atomic with the write and keeps reads from seeing a slot mid-write.
/// </summary>
public sealed partial class FileGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    // Process-wide rather than per provider: two providers configured on one folder still check and write a file in turn.
    private static readonly StripedLock Locks = new(256);

    private readonly string _name;
    private readonly string _root;
    private readonly bool _flushToDisk;
    private readonly IGrainStorageSerializer _serializer;
    private readonly IActivatorProvider _activators;
    private readonly ILogger<FileGrainStorage> _logger;

    public FileGrainStorage(
        string name,
        FileGrainStorageOptions options,
        IGrainStorageSerializer serializer,
        IActivatorProvider activatorProvider,
        ILogger<FileGrainStorage> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.RootDirectory);
        _name = name;
        _root = Path.Combine(Path.GetFullPath(options.RootDirectory), "grains");
        _flushToDisk = options.FlushToDisk;
        _serializer = serializer;
        _activators = activatorProvider;
        _logger = logger;
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var path = StatePath(stateName, grainId);
        (GrainStateHeader Header, byte[] File)? stored;
        using (await Locks.AcquireAsync(path, cancellationToken).ConfigureAwait(false))
            stored = await GrainStateSlots.ReadNewestAsync(path, cancellationToken).ConfigureAwait(false);
        if (stored is not { } found)
        {
            Reset(grainState);
            return;
        }

        grainState.State = _serializer.Deserialize<T>(new BinaryData(found.File.AsMemory(found.Header.HeaderLength, found.Header.PayloadLength)));
        grainState.ETag = GrainStateFile.FormatETag(found.Header.ETag);
        grainState.RecordExists = true;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var path = StatePath(stateName, grainId);
        var payload = _serializer.Serialize(grainState.State).ToMemory();
        var etag = Guid.NewGuid();
        using (await Locks.AcquireAsync(path, cancellationToken).ConfigureAwait(false))
        {
            OwnerOnly.CreateDirectory(Path.GetDirectoryName(path)!);
            using var slots = await GrainStateSlots.OpenAsync(path, cancellationToken).ConfigureAwait(false);
            var stored = slots.Current?.ETag;
            if (stored is null ? grainState.ETag is not null : !GrainStateFile.ETagMatches(grainState.ETag, stored.Value))
            {
                throw Conflict("write", stateName, grainId, grainState.ETag, stored);
            }

            await slots.WriteNextAsync(etag, payload, _flushToDisk, cancellationToken).ConfigureAwait(false);
        }

        grainState.ETag = GrainStateFile.FormatETag(etag);
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var path = StatePath(stateName, grainId);
        using (await Locks.AcquireAsync(path, cancellationToken).ConfigureAwait(false))
        {
            // Clearing what is already gone is not a conflict: a retried clear must succeed.
            using var slots = await GrainStateSlots.OpenAsync(path, cancellationToken).ConfigureAwait(false);
            if (slots.Current is { } stored)
            {
                if (!GrainStateFile.ETagMatches(grainState.ETag, stored.ETag))
                {
                    throw Conflict("clear", stateName, grainId, grainState.ETag, stored.ETag);
                }

                slots.Delete();
            }
        }

        Reset(grainState);
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe($"{nameof(FileGrainStorage)}-{_name}", ServiceLifecycleStage.ApplicationServices, OnStartAsync);

    private Task OnStartAsync(CancellationToken cancellationToken)
    {
        // Grain state holds patient names and ids: 0700 folders (narrowed if an older version made them wider), 0600 files.
        OwnerOnly.EnsureDirectory(_root);
        foreach (var stateFolder in Directory.EnumerateDirectories(_root))
            OwnerOnly.EnsureDirectory(stateFolder);
        var removed = AtomicFile.DeleteStaleTempFiles(_root, "*" + AtomicFile.TempSuffix, recursive: true);
        LogStarted(_logger, _name, _root, removed);
        return Task.CompletedTask;
    }

    private string StatePath(string stateName, GrainId grainId) =>
        Path.Join(_root, GrainFileNames.ForStateName(stateName), GrainFileNames.ForGrain(grainId) + ".state");

    private void Reset<T>(IGrainState<T> grainState)
    {
        grainState.State = _activators.GetActivator<T>().Create();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private InconsistentStateException Conflict(string operation, string stateName, GrainId grainId, string? presented, Guid? stored)
    {
        var storedText = stored is null ? "(none)" : GrainStateFile.FormatETag(stored.Value);
        return new InconsistentStateException(
            $"{operation} of state '{stateName}' of grain {grainId} in storage '{_name}' rejected: it was changed by someone else (stored ETag {storedText}, presented {presented ?? "(none)"})",
            storedText,
            presented ?? "(none)");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Grain storage {Name} uses {Directory}; removed {TempFiles} temp files left by interrupted writes")]
    private static partial void LogStarted(ILogger logger, string name, string directory, int tempFiles);
}
