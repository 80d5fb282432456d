using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Server.Tests.Infrastructure;

/// <summary>
/// A facility with a study fully uploaded, completed and put in a transfer: the "already stored" data that a bad
/// request must leave exactly as it was. <see cref="CaptureAsync"/> takes what a client and the disk can see of it.
/// </summary>
public sealed class SentStudy
{
    private SentStudy(ServerProcess server, HandoffApi sender, HandoffApi destination, string destinationId, LocalStudy study, string transferId)
    {
        Server = server;
        Sender = sender;
        Destination = destination;
        DestinationId = destinationId;
        Study = study;
        TransferId = transferId;
    }

    public ServerProcess Server { get; }

    public HandoffApi Sender { get; }

    public HandoffApi Destination { get; }

    public string DestinationId { get; }

    public LocalStudy Study { get; }

    public string TransferId { get; }

    public static async Task<SentStudy> CreateAsync(ServerProcess server, string facilityId, string folder, int seed)
    {
        var (sender, _) = await HandoffApi.RegisterFacilityAsync(server, facilityId);
        var (destination, _) = await HandoffApi.RegisterFacilityAsync(server, facilityId + "-dest");
        var study = LocalStudy.Write(folder, seed, slices: 4);
        var sent = await LibraryUpload.SendAsync(sender, facilityId + "-dest", study);
        return new SentStudy(server, sender, destination, facilityId + "-dest", study, sent.TransferId);
    }

    public async Task<StudySnapshot> CaptureAsync()
    {
        var status = await Sender.Uploads.GetStudyStatusAsync(new GetStudyStatusRequest { StudyInstanceUid = Study.StudyInstanceUid });
        var manifest = await Sender.Downloads.GetTransferManifestAsync(new GetTransferManifestRequest { TransferId = TransferId });
        return new StudySnapshot(status, manifest, ChunkFiles.Snapshot(Server));
    }

    /// <summary>The study's status and manifest are equal, and every chunk file that existed is still there, unmodified.</summary>
    public async Task AssertUnchangedSinceAsync(StudySnapshot before, bool allowNewChunks)
    {
        var after = await CaptureAsync();
        Assert.Equal(before.Status, after.Status);
        Assert.Equal(before.Manifest, after.Manifest);
        foreach (var (path, written) in before.ChunkFiles)
        {
            Assert.True(after.ChunkFiles.TryGetValue(path, out var now), $"chunk file {path} disappeared");
            Assert.Equal(written, now);
        }
        if (!allowNewChunks)
            Assert.Equal(before.ChunkFiles.Count, after.ChunkFiles.Count);
    }
}
