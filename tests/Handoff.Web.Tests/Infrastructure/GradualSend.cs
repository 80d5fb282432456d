using Handoff.Client;
using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Web.Tests.Infrastructure;

/// <summary>
/// A study sent a part at a time through the client library (an incremental upload, as the gateway sends what
/// arrives): the transfer exists and is receiving after the first part, and becomes available when the study completes.
/// </summary>
public sealed class GradualSend : IAsyncDisposable
{
    private readonly HandoffClient _client;
    private readonly TransferBatch _batch;
    private readonly LocalStudy _study;
    private readonly int _chunkSize;

    private GradualSend(HandoffClient client, TransferBatch batch, LocalStudy study, int chunkSize)
    {
        _client = client;
        _batch = batch;
        _study = study;
        _chunkSize = chunkSize;
    }

    public string TransferId => _batch.TransferId;

    public static async Task<GradualSend> StartAsync(HandoffApi sender, string destination, Priority priority, LocalStudy study)
    {
        var client = sender.CreateClient();
        var upload = await client.OpenIncrementalUploadAsync(FolderInstanceSource.OpenFileReader);
        var batch = new TransferBatch(upload, $"web-test/{Guid.NewGuid():N}", new SendOptions { DestinationFacilityId = destination, Priority = priority, Reason = "trauma transfer" });
        return new GradualSend(client, batch, study, upload.ChunkSize);
    }

    /// <summary>Declares and uploads instances [from, to) of the study.</summary>
    public Task SendAsync(int from, int to)
    {
        var files = _study.ToInstanceFiles().ToArray()[from..to];
        var instances = files.Select(f => FolderInstanceSource.ForFile(f, InstanceHasher.HashFile(f.Path, _chunkSize), Path.GetFileName(f.Path))).ToArray();
        return _batch.AddAsync(instances, CancellationToken.None);
    }

    public Task CompleteAsync() => _batch.CompleteAsync(CancellationToken.None);

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
