using Handoff.Client;
using Handoff.Contracts.Federation;
using Handoff.Contracts.Studies;
using Handoff.Contracts.Transfers;
using Handoff.Server.Mapping;
using Handoff.Server.Receiving;
using V1 = Handoff.Protos.V1;

namespace Handoff.Server.Federation.Relay;

/// <summary>
/// The sending half of one relay pass: declare every study to the peer, create the peer's transfer to the
/// destination facility, then send each instance as soon as it is available here (cut-through: while the source is
/// still uploading), and finally complete the studies there. The protocol is <see cref="IncrementalUpload"/>'s; this
/// class only decides what is ready, from the manifests and the transfer's events. Every step is idempotent on the
/// peer, so a pass that starts again after any failure resends nothing that arrived.
/// </summary>
public sealed class RelayDelivery
{
    private const int Streams = 4;
    private static readonly TimeSpan ProgressWait = TimeSpan.FromSeconds(2);

    private readonly IGrainFactory _grains;
    private readonly VerifiedChunkReader _reader;
    private readonly int _chunkSize;

    public RelayDelivery(IGrainFactory grains, VerifiedChunkReader reader, int chunkSize)
    {
        _grains = grains;
        _reader = reader;
        _chunkSize = chunkSize;
    }

    /// <summary>Returns the peer's transfer id and the instance count once every instance is held there and its studies are complete.</summary>
    public async Task<(string RemoteTransferId, int Instances)> DeliverAsync(TransferRecord transfer, PeerClients peer, Action progress, CancellationToken cancellationToken)
    {
        var upload = await peer.Client.OpenIncrementalUploadAsync(() => new StoreChunkReader(_reader), Streams, cancellationToken);
        if (upload.ChunkSize != _chunkSize)
            throw new RelayBlockedException($"network {peer.Peer.Name} uses {upload.ChunkSize}-byte chunks and this cluster {_chunkSize}-byte chunks; federated clusters need the same Handoff:Upload:ChunkSize");

        var studies = transfer.Studies.Select(s => s.StudyInstanceUid).ToList();
        foreach (var manifest in await ManifestsAsync(transfer, studies))
            await DeclareNewAsync(upload, manifest, cancellationToken);
        var remote = await CreateRemoteTransferAsync(transfer, upload, studies, cancellationToken);
        progress();

        // Cut-through: the manifests are read once (and again when idle or surprised); after that the transfer's own
        // events say which instances became available, so a 2000-instance study is not re-read per instance.
        var local = _grains.GetGrain<ITransferGrain>(transfer.Id);
        await using var reporter = RelayProgressReporter.Start(transfer, local, upload);
        var view = new RelayView();
        long seen = transfer.Timeline.Count == 0 ? 0 : transfer.Timeline[^1].Sequence;
        var refresh = true;
        while (true)
        {
            if (refresh)
            {
                foreach (var manifest in await ManifestsAsync(transfer, studies))
                {
                    await DeclareNewAsync(upload, manifest, cancellationToken);
                    view.Load(manifest, sop => upload.IsPending(manifest.StudyInstanceUid, sop));
                }
                refresh = false;
            }
            foreach (var study in studies)
            {
                if (await upload.SendAsync(study, view.TakeReady(study), cancellationToken) > 0)
                    progress();
            }
            if (studies.All(study => view.IsComplete(study) && !upload.HasPending(study)))
                break;
            var events = await local.WaitForEvents(seen, ProgressWait).WaitAsync(cancellationToken);
            refresh = events.Count == 0; // idle: look at the manifests again, in case an event was missed
            foreach (var transferEvent in events)
            {
                seen = transferEvent.Sequence;
                refresh |= !view.Apply(transferEvent);
            }
        }

        foreach (var study in studies)
            await upload.CompleteAsync(study, cancellationToken);
        return (remote.Id, view.InstanceCount);
    }

    /// <summary>
    /// The peer's transfer, created once per transfer relayed (the work key is this transfer's id, so a pass after a
    /// crash finds it again); studies added here after it was created ("send the priors too") are added there as well.
    /// </summary>
    private static Task<V1.Transfer> CreateRemoteTransferAsync(TransferRecord transfer, IncrementalUpload upload, List<string> studies, CancellationToken cancellationToken) =>
        upload.CreateTransferAsync($"relay/{transfer.Id}", studies, new SendOptions
        {
            DestinationFacilityId = FacilityAddress.Parse(transfer.DestinationFacilityId).FacilityId,
            Priority = transfer.Priority.ToProto(),
            Reason = transfer.Reason,
            // The peer refuses an arrival long past (a relay started late): it is judged here, against the relay's progress.
            ExpectedArrival = transfer.ExpectedArrival is { } at && at >= DateTimeOffset.UtcNow - ArrivalTime.MaxBehind ? at : null,
        }, cancellationToken);

    private async Task<StudyManifest[]> ManifestsAsync(TransferRecord transfer, List<string> studies) =>
        await Task.WhenAll(studies.Select(uid => _grains.GetGrain<IStudyGrain>(StudyKey.Of(transfer.SourceFacilityId, uid)).GetManifest()));

    /// <summary>
    /// Declares to the peer the manifest's instances not declared there yet, and stops sending those the manifest no
    /// longer holds (refused here after they were declared).
    /// </summary>
    private static async Task DeclareNewAsync(IncrementalUpload upload, StudyManifest manifest, CancellationToken cancellationToken)
    {
        var study = manifest.StudyInstanceUid;
        var offered = manifest.Instances.Select(i => i.SopInstanceUid).ToHashSet(StringComparer.Ordinal);
        upload.ForgetWithdrawn(study, offered.Contains);
        var fresh = RelaySourceInstances.Of(manifest, sop => !upload.IsDeclared(study, sop));
        if (fresh.Count > 0)
            await upload.DeclareAsync(study, fresh, cancellationToken);
    }
}
