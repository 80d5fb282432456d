using System.Text;
using Handoff.Contracts.Studies;
using Handoff.Contracts.Transfers;
using Handoff.Dicom;
using Handoff.Dicom.Json;
using Handoff.Server.Auditing;
using Handoff.Server.Errors;
using Handoff.Server.Receiving;
using Handoff.Server.Sending;
using Handoff.Storage.Chunks;

namespace Handoff.Server.DicomWeb;

/// <summary>
/// WADO-RS (PS3.18 10.4): a study, series or instance as multipart/related application/dicom parts (the bytes as sent,
/// each chunk's SHA-256 checked before it goes out, never a whole instance in memory), and metadata as DICOM JSON
/// (headers read from the chunk store; large values, pixel data included, as BulkDataURIs). Only what has arrived is
/// served: while a transfer is still arriving, a retrieve returns what is there and the rest appears as it comes. A
/// study that is another facility's is the same 404 as one that does not exist. Every read is audited first.
/// </summary>
public sealed class WadoService
{
    private readonly VisibleStudies _studies;
    private readonly VerifiedChunkReader _chunks;
    private readonly IChunkStore _store;
    private readonly DicomWebAudit _audit;

    public WadoService(VisibleStudies studies, VerifiedChunkReader chunks, IChunkStore store, DicomWebAudit audit)
    {
        _studies = studies;
        _chunks = chunks;
        _store = store;
        _audit = audit;
    }

    public async Task RetrieveAsync(HttpContext http, string facilityId, string studyUid, string? seriesUid, string? sopUid)
    {
        ArgumentNullException.ThrowIfNull(http);
        WadoAccept.RequireDicom(http.Request.Headers.Accept);
        var (study, manifest, instances) = await FindAsync(facilityId, studyUid, seriesUid, sopUid).ConfigureAwait(false);
        await AuditAsync(facilityId, DicomWebAudit.Retrieve, study, seriesUid, sopUid, instances.Count).ConfigureAwait(false);

        var boundary = $"handoff-{Guid.NewGuid():N}";
        var response = http.Response;
        response.ContentType = $"multipart/related; type=\"application/dicom\"; boundary={boundary}";
        var body = response.Body;
        var cancellationToken = http.RequestAborted;
        foreach (var instance in instances)
        {
            await body.WriteAsync(Encoding.ASCII.GetBytes($"--{boundary}\r\nContent-Type: application/dicom\r\nContent-Length: {instance.Size}\r\n\r\n"), cancellationToken).ConfigureAwait(false);
            await _chunks.SendAsync(instance.ChunkHashes, manifest.ChunkSize, TransferPriority.Urgent,
                (chunk, token) => body.WriteAsync(chunk.Data.Memory, token).AsTask(), cancellationToken, CancellationToken.None).ConfigureAwait(false);
            await body.WriteAsync("\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        }
        await body.WriteAsync(Encoding.ASCII.GetBytes($"--{boundary}--\r\n"), cancellationToken).ConfigureAwait(false);
    }

    public async Task MetadataAsync(HttpContext http, string facilityId, string studyUid, string? seriesUid, string? sopUid, string retrieveBase)
    {
        ArgumentNullException.ThrowIfNull(http);
        var (study, manifest, instances) = await FindAsync(facilityId, studyUid, seriesUid, sopUid).ConfigureAwait(false);
        await AuditAsync(facilityId, DicomWebAudit.Metadata, study, seriesUid, sopUid, instances.Count).ConfigureAwait(false);
        var headers = new List<DicomDataset>(instances.Count);
        foreach (var instance in instances)
            headers.Add(Header(manifest, instance).Dataset);
        await WriteMetadataAsync(http, headers, instances, study, retrieveBase).ConfigureAwait(false);
    }

    /// <summary>An instance's Part 10 header read from the chunk store; values past the inline threshold stay references into it.</summary>
    public DicomFile Header(StudyManifest manifest, ManifestInstance instance)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(instance);
        var source = new ChunkedInstanceSource(_store, instance.ChunkHashes, instance.Size, manifest.ChunkSize, instance.SopInstanceUid);
        return DicomFile.Read(source);
    }

    /// <summary>The visible study and its arrived instances the path names; 404 naming what was not found.</summary>
    public async Task<(VisibleStudy Study, StudyManifest Manifest, IReadOnlyList<ManifestInstance> Instances)> FindAsync(string facilityId, string studyUid, string? seriesUid, string? sopUid)
    {
        var study = await _studies.FindAsync(facilityId, studyUid).ConfigureAwait(false) ?? throw Contracts.Errors.DomainException.NotFound($"study {studyUid} was not found");
        var manifest = await _studies.ManifestAsync(study).ConfigureAwait(false);
        var instances = manifest.Instances
            .Where(i => (seriesUid is null || i.SeriesInstanceUid == seriesUid) && (sopUid is null || i.SopInstanceUid == sopUid))
            .OrderBy(i => i.SeriesInstanceUid, StringComparer.Ordinal).ThenBy(i => i.InstanceNumber).ToList();
        if (instances.Count == 0)
            throw Contracts.Errors.DomainException.NotFound(sopUid is not null ? $"instance {sopUid} of study {studyUid} was not found" : $"series {seriesUid} of study {studyUid} was not found");
        return (study, manifest, instances);
    }

    private async Task AuditAsync(string facilityId, string action, VisibleStudy study, string? seriesUid, string? sopUid, int count)
    {
        var objectId = sopUid ?? seriesUid ?? study.StudyInstanceUid;
        var objectType = sopUid is not null ? "instance" : seriesUid is not null ? "series" : "study";
        if (!await _audit.WriteAsync(facilityId, action, objectType, objectId, [study.SourceFacilityId], AuditedActions.Success, $"{count} instances").ConfigureAwait(false))
            throw new UnavailableException(UnavailableException.AuditUnavailableReason, AuditInterceptor.AuditUnavailableMessage);
    }

    private static Task WriteMetadataAsync(HttpContext http, List<DicomDataset> headers, IReadOnlyList<ManifestInstance> instances, VisibleStudy study, string retrieveBase)
    {
        var writers = new List<(DicomDataset, DicomJsonWriter)>(headers.Count);
        for (var i = 0; i < headers.Count; i++)
        {
            var instanceUrl = $"{retrieveBase}/studies/{study.StudyInstanceUid}/series/{instances[i].SeriesInstanceUid}/instances/{instances[i].SopInstanceUid}";
            writers.Add((headers[i], new DicomJsonWriter(new DicomJsonWriterOptions { Indented = false, BulkDataUri = bulk => $"{instanceUrl}/bulkdata/{bulk.TagPath}" })));
        }
        return DicomJsonArray.WriteAsync(http.Response, writers, http.RequestAborted);
    }
}
