using Handoff.Client;
using Handoff.Protos.V1;

namespace Handoff.Testing;

/// <summary>
/// Puts studies on a server with the client library, as every real client does: for tests that need "this study is
/// uploaded" or "this study was sent", not a particular sequence of protocol calls (that is <see cref="ChunkUpload"/>).
/// </summary>
public static class LibraryUpload
{
    private const int Streams = 2;

    /// <summary>
    /// Sends <paramref name="studies"/> as one transfer to <paramref name="destinationFacilityId"/> with
    /// <see cref="HandoffClient.SendAsync"/>: declared, uploaded, completed, the transfer created.
    /// </summary>
    public static async Task<SendResult> SendAsync(HandoffApi sender, string destinationFacilityId, params LocalStudy[] studies)
    {
        ArgumentNullException.ThrowIfNull(sender);
        using var client = sender.CreateClient();
        var source = new FolderInstanceSource(studies.SelectMany(study => study.ToInstanceFiles()));
        return await client.SendAsync(source, new SendOptions { DestinationFacilityId = destinationFacilityId, Parallel = Streams });
    }

    /// <summary>
    /// Uploads and completes one study without putting it in a transfer (the library's <see cref="IncrementalUpload"/>:
    /// declare, send what the server lacks, complete); returns its final status.
    /// </summary>
    public static async Task<StudyStatus> UploadAsync(HandoffApi sender, LocalStudy study)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(study);
        using var client = sender.CreateClient();
        var source = new FolderInstanceSource(study.ToInstanceFiles());
        var upload = await client.OpenIncrementalUploadAsync(source.OpenChunkReader, Streams);
        var instances = new List<SourceInstance>();
        await foreach (var instance in source.ReadInstancesAsync(upload.ChunkSize, CancellationToken.None))
            instances.Add(instance);
        await upload.DeclareAsync(study.StudyInstanceUid, instances);
        await upload.SendAsync(study.StudyInstanceUid, instances.Select(instance => instance.SopInstanceUid));
        return await upload.CompleteAsync(study.StudyInstanceUid);
    }
}
