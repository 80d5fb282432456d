using Handoff.Grains.Audit;
using Handoff.Storage.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Handoff.Server.Tests.Audit;

/// <summary>
/// An audit log's sealed segments as a stopped server left them in its data folder, opened with the server's own file
/// grain storage and serializer: what someone with access to the disk could rewrite (each slot's checksum is
/// recomputed by the storage, as such a person would). Provider "handoff", state "state": the grains' HandoffStorage names.
/// </summary>
public sealed class StoredAuditLog : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly FileGrainStorage _storage;
    private readonly string _log;

    public StoredAuditLog(string dataPath, string log)
    {
        _log = log;
        _services = new ServiceCollection()
            .AddSerializer(builder => builder.AddAssembly(typeof(AuditLogSegmentGrainState).Assembly).AddAssembly(typeof(Contracts.Audit.AuditEventRecord).Assembly))
            .BuildServiceProvider();
        _storage = new FileGrainStorage("handoff", new FileGrainStorageOptions { RootDirectory = dataPath },
            new OrleansGrainStorageSerializer(_services.GetRequiredService<Serializer>()), _services.GetRequiredService<IActivatorProvider>(),
            NullLogger<FileGrainStorage>.Instance);
    }

    /// <summary>Reads segment <paramref name="number"/>, lets <paramref name="change"/> edit it, and writes it back.</summary>
    public async Task EditSegmentAsync(long number, Action<AuditLogSegmentGrainState> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var id = GrainId.Create("auditlogsegment", $"{_log}#{number}");
        var state = new GrainState<AuditLogSegmentGrainState>();
        await _storage.ReadStateAsync("state", id, state);
        Assert.True(state.RecordExists, $"segment {number} of {_log} is not stored");
        change(state.State!);
        await _storage.WriteStateAsync("state", id, state);
    }

    /// <summary>Reads the log grain's own state (recent events, their hashes, the head), lets <paramref name="change"/> edit it, and writes it back.</summary>
    public async Task EditLogAsync(Action<AuditLogGrainState> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var id = GrainId.Create("auditlog", _log);
        var state = new GrainState<AuditLogGrainState>();
        await _storage.ReadStateAsync("state", id, state);
        Assert.True(state.RecordExists, $"the state of log {_log} is not stored");
        change(state.State!);
        await _storage.WriteStateAsync("state", id, state);
    }

    public void Dispose() => _services.Dispose();
}
