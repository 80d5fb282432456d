using Handoff.Contracts.Transfers;
using Handoff.Protos.V1;
using Handoff.Server.Auditing;
using Handoff.Server.Errors;
using Handoff.Server.Mapping;
using Handoff.Server.Options;
using Handoff.Server.Receipts;
using Handoff.Server.Security;
using Handoff.Server.Streams;
using Handoff.Server.TransferApi;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using V1 = Handoff.Protos.V1;

namespace Handoff.Server.Receiving;

/// <summary>
/// Receiving. The destination reads the manifest, downloads chunks of available instances and acknowledges. The
/// source may read the manifest too (to see what the destination sees); downloading, reporting and acknowledging
/// are the destination's alone. Anyone else gets NOT_FOUND.
/// </summary>
public sealed class DownloadsService : V1.Downloads.DownloadsBase
{
    public const int MaxChunksPerRequest = 10_000;
    public const int MaxInstancesPerManifestRequest = 1000;

    /// <summary>The longest delivery-waiting reason: a sentence or two, like the other timeline details.</summary>
    public const int MaxDeliveryWaitingDetailLength = 500;

    private readonly TransferAccess _access;
    private readonly SignedReceiptCheck _receipts;
    private readonly TransferManifests _manifests;
    private readonly VerifiedChunkReader _reader;
    private readonly UploadOptions _upload;
    private readonly CancellationToken _stopping;

    public DownloadsService(TransferAccess access, TransferManifests manifests, VerifiedChunkReader reader, SignedReceiptCheck receipts, IOptions<UploadOptions> upload, IHostApplicationLifetime lifetime)
    {
        _receipts = receipts;
        _access = access;
        _manifests = manifests;
        _reader = reader;
        _upload = upload.Value;
        _stopping = lifetime.ApplicationStopping;
    }

    public override async Task<TransferManifest> GetTransferManifest(GetTransferManifestRequest request, ServerCallContext context)
    {
        var only = NamedInstances(request);
        var (_, transfer) = await _access.OpenAsync(context, request.TransferId);
        var manifest = new TransferManifest { TransferId = transfer.Id.ToString(), State = transfer.State.ToProto(), ChunkSize = _upload.ChunkSize };
        foreach (var study in await _manifests.GetAsync(transfer, only))
        {
            manifest.ChunkSize = study.ChunkSize > 0 ? study.ChunkSize : manifest.ChunkSize;
            manifest.Studies.Add(study.ToProto());
        }
        return manifest;
    }

    /// <summary>The instances a manifest request names, by study; null when it names none (the whole manifest).</summary>
    private static Dictionary<string, List<string>>? NamedInstances(GetTransferManifestRequest request)
    {
        if (request.Instances.Count == 0)
            return null;
        if (request.Instances.Count > MaxInstancesPerManifestRequest)
            throw new InvalidFieldException("instances", $"at most {MaxInstancesPerManifestRequest} instances per manifest request, not {request.Instances.Count}");
        var byStudy = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var i = 0; i < request.Instances.Count; i++)
        {
            var study = RequestFields.Uid(request.Instances[i].StudyInstanceUid, $"instances[{i}].study_instance_uid");
            var sop = RequestFields.Uid(request.Instances[i].SopInstanceUid, $"instances[{i}].sop_instance_uid");
            if (!byStudy.TryGetValue(study, out var list))
                byStudy[study] = list = [];
            list.Add(sop);
        }
        return byStudy;
    }

    public override async Task DownloadChunks(DownloadChunksRequest request, IServerStreamWriter<Chunk> responseStream, ServerCallContext context)
    {
        var (_, transfer) = await _access.OpenAsDestinationAsync(context, request.TransferId, "download its chunks");
        if (TransferStates.IsWithdrawn(transfer.State))
            throw Contracts.Errors.DomainException.WrongState($"transfer {transfer.Id} is {transfer.State}; its chunks cannot be downloaded");
        if (request.ChunkHashes.Count > MaxChunksPerRequest)
            throw new InvalidFieldException("chunk_hashes", $"at most {MaxChunksPerRequest} chunks per request");
        var hashes = new List<string>(request.ChunkHashes.Count);
        for (var i = 0; i < request.ChunkHashes.Count; i++)
            hashes.Add(ChunkHashes.ToHex(request.ChunkHashes[i], "chunk_hashes", i));
        var (unavailable, chunkSize) = await _manifests.FindUnavailableAsync(transfer, hashes);
        if (unavailable.Count > 0)
            throw Contracts.Errors.DomainException.NotFound($"chunk {unavailable[0]} is not part of an available instance of transfer {transfer.Id}");
        var audit = context.Audit();
        audit.Detail = $"{hashes.Count} chunks requested";
        // One timer for the call, rescheduled per chunk: a receiver that stops reading frees the stream and its buffer.
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        var sent = await _reader.SendAsync(hashes, Math.Max(chunkSize, _upload.ChunkSize), Scheduling.ArrivalPriority.Of(transfer), async (chunk, token) =>
        {
            idle.CancelAfter(_upload.StreamIdleTimeout);
            try
            {
                await responseStream.WriteAsync(chunk, idle.Token);
            }
            catch (OperationCanceledException) when (!context.CancellationToken.IsCancellationRequested)
            {
                throw StreamTimeouts.Idle(_upload.StreamIdleTimeout, "the receiver to take the next chunk");
            }
        }, context.CancellationToken, _stopping);
        audit.Detail = $"{sent} chunks";
    }

    public override async Task<Transfer> ReportDownloaded(ReportDownloadedRequest request, ServerCallContext context)
    {
        var (grain, _) = await _access.OpenAsDestinationAsync(context, request.TransferId, "report it downloaded");
        return (await grain.MarkDownloaded(context.GetCaller().Actor)).ToProto();
    }

    public override async Task<AcknowledgeResponse> Acknowledge(AcknowledgeRequest request, ServerCallContext context)
    {
        var (grain, transfer) = await _access.OpenAsDestinationAsync(context, request.TransferId, "acknowledge it");
        var receipts = new List<Contracts.Transfers.InstanceReceipt>(request.Instances.Count);
        for (var i = 0; i < request.Instances.Count; i++)
        {
            var receipt = request.Instances[i];
            var uid = RequestFields.Uid(receipt.SopInstanceUid, $"instances[{i}].sop_instance_uid");
            var study = string.IsNullOrEmpty(receipt.StudyInstanceUid) ? "" : RequestFields.Uid(receipt.StudyInstanceUid, $"instances[{i}].study_instance_uid");
            receipts.Add(new Contracts.Transfers.InstanceReceipt(uid, ChunkHashes.ToHex(receipt.ContentHash, $"instances[{i}].content_hash"), study));
        }
        var delivery = PacsDeliveryMapping.ToContract(request.Delivery, receipts.Count, DateTimeOffset.UtcNow);
        var signed = await _receipts.CheckAsync(transfer, context.GetCaller().RequireFacility(), request, receipts);
        var result = await grain.Acknowledge(context.GetCaller().Actor, receipts, delivery, signed);
        var stored = delivery is null ? "" : $", stored in {delivery.PacsName}";
        var signedBy = signed is null ? "" : ", signed receipt countersigned";
        context.Audit().Detail = result.Accepted ? $"{receipts.Count} instances confirmed{stored}{signedBy}" : "mismatch";
        return result.ToProto();
    }

    /// <summary>
    /// The destination's gateway cannot store into its PACS yet. Opened first, as Acknowledge is, so even a refused
    /// report is audited against its transfer; the reason itself goes to the timeline, not to the audit log (free text).
    /// </summary>
    public override async Task<Transfer> ReportDeliveryWaiting(ReportDeliveryWaitingRequest request, ServerCallContext context)
    {
        var (grain, _) = await _access.OpenAsDestinationAsync(context, request.TransferId, "report its delivery");
        var detail = RequestFields.Required(request.Detail, "detail", MaxDeliveryWaitingDetailLength);
        context.Audit().Detail = "delivery waiting";
        return (await grain.RecordDeliveryWaiting(context.GetCaller().Actor, detail)).ToProto();
    }
}
