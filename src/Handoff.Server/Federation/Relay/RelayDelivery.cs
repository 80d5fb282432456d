using Handoff.Contracts.Federation;
using Handoff.Contracts.Studies;
using Handoff.Contracts.Transfers;
using Handoff.Server.Mapping;
using V1 = Handoff.Protos.V1;

namespace Handoff.Server.Federation.Relay;

/// <summary>
/// The sending half of one relay pass: declare every study to the peer (which answers with the chunks it lacks),
/// create the peer's transfer to the destination facility, then send the lacking chunks of each instance as soon as
/// it is available here (cut-through: while the source is still uploading), and finally complete the studies there.
/// Every step is idempotent on the peer (deterministic request ids, content-addressed chunks), so a pass that
/// starts again after any failure resends nothing that arrived.
/// </summary>
public sealed class RelayDelivery
{
    private static readonly TimeSpan ProgressWait = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan CompletionPoll = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan CompletionDeadline = TimeSpan.FromMinutes(2);

    private readonly IGrainFactory _grains;
    private readonly RelayUploader _uploader;
    private readonly int _chunkSize;

    public RelayDelivery(IGrainFactory grains, RelayUploader uploader, int chunkSize)
    {
        _grains = grains;
        _uploader = uploader;
        _chunkSize = chunkSize;
    }

    /// <summary>Returns the peer's transfer id and the instance count once every instance is held there and its studies are complete.</summary>
    public async Task<(string RemoteTransferId, int Instances)> DeliverAsync(TransferRecord transfer, PeerClients peer, Action progress, CancellationToken cancellationToken)
    {
        var parameters = await peer.Uploads.GetUploadParametersAsync(new V1.GetUploadParametersRequest(), cancellationToken: cancellationToken);
        if (parameters.ChunkSize != _chunkSize)
            throw new RelayBlockedException($"network {peer.Peer.Name} uses {parameters.ChunkSize}-byte chunks and this cluster {_chunkSize}-byte chunks; federated clusters need the same Handoff:Upload:ChunkSize");

        var studies = transfer.Studies.Select(s => s.StudyInstanceUid).ToList();
        var lacking = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var declaredCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var manifest in await ManifestsAsync(transfer, studies))
            await DeclareAsync(peer, manifest, lacking, declaredCounts, cancellationToken);

        var destination = FacilityAddress.Parse(transfer.DestinationFacilityId).FacilityId;
        var remote = await peer.Transfers.CreateTransferAsync(new V1.CreateTransferRequest
        {
            RequestId = $"relay-{transfer.Id}",
            DestinationFacilityId = destination,
            StudyInstanceUids = { studies },
            Priority = transfer.Priority.ToProto(),
            Reason = transfer.Reason,
            ExpectedArrival = ProtoTime.FromOptional(transfer.ExpectedArrival),
        }, cancellationToken: cancellationToken);
        // Studies added here after the peer's transfer was created ("send the priors too") are added there as well.
        var added = studies.Except(remote.Studies.Select(s => s.StudyInstanceUid), StringComparer.Ordinal).ToList();
        if (added.Count > 0)
        {
            remote = await peer.Transfers.AddStudiesAsync(new V1.AddStudiesRequest
            {
                TransferId = remote.Id, RequestId = $"relay-add-{transfer.Id}-{studies.Count}", StudyInstanceUids = { added },
            }, cancellationToken: cancellationToken);
        }
        progress();

        // Cut-through: the manifests are read once (and again when idle or surprised); after that the transfer's own
        // events say which instances became available, so a 2000-instance study is not re-read per instance.
        var local = _grains.GetGrain<ITransferGrain>(transfer.Id);
        var view = new RelayView();
        long seen = transfer.Timeline.Count == 0 ? 0 : transfer.Timeline[^1].Sequence;
        var refresh = true;
        while (true)
        {
            if (refresh)
            {
                foreach (var manifest in await ManifestsAsync(transfer, studies))
                {
                    if (manifest.Instances.Count != declaredCounts.GetValueOrDefault(manifest.StudyInstanceUid))
                        await DeclareAsync(peer, manifest, lacking, declaredCounts, cancellationToken);
                    view.Load(manifest, lacking[manifest.StudyInstanceUid]);
                }
                refresh = false;
            }
            foreach (var study in studies)
            {
                var ready = view.TakeReadyChunks(study, lacking[study]);
                if (ready.Count == 0)
                    continue;
                await _uploader.UploadAsync(peer, study, ready, _chunkSize, cancellationToken);
                lacking[study].ExceptWith(ready);
                progress();
            }
            if (studies.All(study => view.IsComplete(study) && lacking[study].Count == 0))
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
            await CompleteAsync(peer, study, cancellationToken);
        return (remote.Id, view.InstanceCount);
    }

    private async Task<StudyManifest[]> ManifestsAsync(TransferRecord transfer, List<string> studies) =>
        await Task.WhenAll(studies.Select(uid => _grains.GetGrain<IStudyGrain>(StudyKey.Of(transfer.SourceFacilityId, uid)).GetManifest()));

    private static async Task DeclareAsync(PeerClients peer, StudyManifest manifest, Dictionary<string, HashSet<string>> lacking,
        Dictionary<string, int> declaredCounts, CancellationToken cancellationToken)
    {
        var request = new V1.DeclareStudyRequest
        {
            StudyInstanceUid = manifest.StudyInstanceUid,
            ChunkSize = manifest.ChunkSize,
            RequestId = $"relay-declare-{manifest.StudyInstanceUid}-{manifest.Instances.Count}",
        };
        foreach (var instance in manifest.Instances)
        {
            var declaration = new V1.InstanceDeclaration { SopInstanceUid = instance.SopInstanceUid, Size = instance.Size };
            foreach (var hash in instance.ChunkHashes)
                declaration.ChunkHashes.Add(ChunkHashes.ToBytes(hash));
            request.Instances.Add(declaration);
        }
        var answer = await peer.Uploads.DeclareStudyAsync(request, cancellationToken: cancellationToken);
        lacking[manifest.StudyInstanceUid] = [.. answer.MissingChunkHashes.Select(h => Convert.ToHexStringLower(h.Span))];
        declaredCounts[manifest.StudyInstanceUid] = manifest.Instances.Count;
    }

    /// <summary>The peer verifies the last instances after their chunks arrive; until then completing is FAILED_PRECONDITION.</summary>
    private static async Task CompleteAsync(PeerClients peer, string studyInstanceUid, CancellationToken cancellationToken)
    {
        var giveUp = DateTime.UtcNow + CompletionDeadline;
        while (true)
        {
            try
            {
                await peer.Uploads.CompleteStudyAsync(new V1.CompleteStudyRequest { StudyInstanceUid = studyInstanceUid }, cancellationToken: cancellationToken);
                return;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
            {
                if (DateTime.UtcNow > giveUp)
                    throw new RelayBlockedException($"network {peer.Peer.Name} does not accept study {studyInstanceUid} as complete: {e.Status.Detail}", e);
                await Task.Delay(CompletionPoll, cancellationToken);
            }
        }
    }
}
