using Handoff.Server.Security;
using System.Text;
using Handoff.Contracts.Studies;
using Handoff.Dicom;
using Handoff.Dicom.Json;
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
    private readonly IChunkStore _store;
    private readonly DicomWebAudit _audit;
    private readonly InstanceRangeReader _ranges;
    private readonly ReadAhead _readAhead;
    private static readonly byte[] PartEnd = "\r\n"u8.ToArray();

    /// <summary>Binary values up to this size are inline in metadata; larger ones (pixel data of any real image) are bulk data URIs.</summary>
    private const long MetadataInlineBytes = 1024;

    /// <summary>A rendered frame is decoded in memory (the frame, one byte a pixel, the PNG): larger ones are refused.</summary>
    private const long MaxRenderedFrameBytes = 32L * 1024 * 1024;

    /// <summary>Frames rendered at once over all callers: each holds up to ~50 MB, so a hostile loop cannot take the server's memory.</summary>
    private readonly SemaphoreSlim _rendering = new(2);

    public WadoService(VisibleStudies studies, VerifiedChunkReader chunks, IChunkStore store, DicomWebAudit audit)
    {
        _studies = studies;
        _store = store;
        _audit = audit;
        _ranges = new InstanceRangeReader(chunks);
        _readAhead = new ReadAhead(chunks);
    }

    /// <summary>Frames of an uncompressed image (1-based, comma separated) as multipart/related application/octet-stream parts.</summary>
    public async Task FramesAsync(HttpContext http, Caller caller, string studyUid, string seriesUid, string sopUid, string frameList)
    {
        ArgumentNullException.ThrowIfNull(http);
        var numbers = FrameNumbers(frameList);
        var (study, manifest, instances) = await FindAsync(caller.RequireFacility(), studyUid, seriesUid, sopUid).ConfigureAwait(false);
        var instance = instances[0];
        var geometry = FrameGeometry.Of(Header(manifest, instance), sopUid);
        foreach (var number in numbers)
            geometry.OffsetOf(number, sopUid); // every frame exists before anything is sent
        await AuditAsync(caller, DicomWebAudit.Retrieve, study, seriesUid, sopUid, 1).ConfigureAwait(false);
        await WriteOctetPartsAsync(http, numbers.Select(n => (geometry.PixelData, geometry.OffsetOf(n, sopUid), geometry.FrameBytes)), manifest, instance).ConfigureAwait(false);
    }

    /// <summary>A bulk data value the metadata named by its tag path, as one application/octet-stream part.</summary>
    public async Task BulkDataAsync(HttpContext http, Caller caller, string studyUid, string seriesUid, string sopUid, string tagPath)
    {
        ArgumentNullException.ThrowIfNull(http);
        var (study, manifest, instances) = await FindAsync(caller.RequireFacility(), studyUid, seriesUid, sopUid).ConfigureAwait(false);
        var instance = instances[0];
        var value = BulkData.Find(Header(manifest, instance).Dataset, tagPath)
            ?? throw Contracts.Errors.DomainException.NotFound($"instance {sopUid} has no bulk data at {tagPath}");
        await AuditAsync(caller, DicomWebAudit.Retrieve, study, seriesUid, sopUid, 1).ConfigureAwait(false);
        await WriteOctetPartsAsync(http, [(value, 0L, value.Length)], manifest, instance).ConfigureAwait(false);
    }

    /// <summary>A frame (the first when none is named) of an uncompressed grayscale image as PNG, windowed.</summary>
    public async Task RenderedAsync(HttpContext http, Caller caller, string studyUid, string seriesUid, string sopUid, int frame)
    {
        ArgumentNullException.ThrowIfNull(http);
        var window = GrayscaleRenderer.ParseWindow(http.Request.Query["window"].ToString());
        var (study, manifest, instances) = await FindAsync(caller.RequireFacility(), studyUid, seriesUid, sopUid).ConfigureAwait(false);
        var instance = instances[0];
        var header = Header(manifest, instance);
        var geometry = FrameGeometry.Of(header, sopUid);
        var offset = geometry.OffsetOf(frame, sopUid);
        var renderer = new GrayscaleRenderer(header.Dataset, geometry, sopUid);
        if (geometry.FrameBytes > MaxRenderedFrameBytes)
            throw new NotAcceptableException($"frame {frame} of instance {sopUid} is {geometry.FrameBytes} bytes, more than this server renders; retrieve it with /frames");
        await AuditAsync(caller, DicomWebAudit.Retrieve, study, seriesUid, sopUid, 1).ConfigureAwait(false);
        byte[] png;
        await _rendering.WaitAsync(http.RequestAborted).ConfigureAwait(false);
        try
        {
            using var bytes = new MemoryStream((int)geometry.FrameBytes);
            await CopyValueAsync(geometry.PixelData, offset, geometry.FrameBytes, manifest, instance, bytes, http.RequestAborted).ConfigureAwait(false);
            png = PngEncoder.Grayscale8(renderer.Render(bytes.GetBuffer().AsSpan(0, (int)bytes.Length), geometry.Rows * geometry.Columns, window), geometry.Columns, geometry.Rows);
        }
        finally
        {
            _rendering.Release();
        }
        http.Response.ContentType = "image/png";
        http.Response.ContentLength = png.Length;
        await http.Response.Body.WriteAsync(png, http.RequestAborted).ConfigureAwait(false);
    }

    public async Task RetrieveAsync(HttpContext http, Caller caller, string studyUid, string? seriesUid, string? sopUid)
    {
        ArgumentNullException.ThrowIfNull(http);
        WadoAccept.RequireDicom(http.Request.Headers.Accept);
        var (study, manifest, instances) = await FindAsync(caller.RequireFacility(), studyUid, seriesUid, sopUid).ConfigureAwait(false);
        await AuditAsync(caller, DicomWebAudit.Retrieve, study, seriesUid, sopUid, instances.Count).ConfigureAwait(false);

        var boundary = $"handoff-{Guid.NewGuid():N}";
        var response = http.Response;
        response.ContentType = $"multipart/related; type=\"application/dicom\"; boundary={boundary}";
        var body = response.Body;
        var cancellationToken = http.RequestAborted;
        // One run of chunks over every instance, so reading ahead crosses instance boundaries (most instances are one chunk).
        var hashes = new List<string>();
        var firstChunk = new Dictionary<int, ManifestInstance>();
        var lastChunk = new HashSet<int>();
        foreach (var instance in instances)
        {
            firstChunk[hashes.Count] = instance;
            hashes.AddRange(instance.ChunkHashes);
            lastChunk.Add(hashes.Count - 1);
        }
        await _readAhead.ForEachAsync(hashes, manifest.ChunkSize, async (index, bytes, token) =>
        {
            if (firstChunk.TryGetValue(index, out var instance))
                await body.WriteAsync(Encoding.ASCII.GetBytes($"--{boundary}\r\nContent-Type: application/dicom\r\nContent-Length: {instance.Size}\r\n\r\n"), token).ConfigureAwait(false);
            await body.WriteAsync(bytes, token).ConfigureAwait(false);
            if (lastChunk.Contains(index))
                await body.WriteAsync(PartEnd, token).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        await body.WriteAsync(Encoding.ASCII.GetBytes($"--{boundary}--\r\n"), cancellationToken).ConfigureAwait(false);
    }

    public async Task MetadataAsync(HttpContext http, Caller caller, string studyUid, string? seriesUid, string? sopUid, string retrieveBase)
    {
        ArgumentNullException.ThrowIfNull(http);
        var (study, manifest, instances) = await FindAsync(caller.RequireFacility(), studyUid, seriesUid, sopUid).ConfigureAwait(false);
        await AuditAsync(caller, DicomWebAudit.Metadata, study, seriesUid, sopUid, instances.Count).ConfigureAwait(false);
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

    private async Task WriteOctetPartsAsync(HttpContext http, IEnumerable<(DicomValue Value, long Offset, long Length)> parts, StudyManifest manifest, ManifestInstance instance)
    {
        var boundary = $"handoff-{Guid.NewGuid():N}";
        var response = http.Response;
        response.ContentType = $"multipart/related; type=\"application/octet-stream\"; boundary={boundary}";
        var cancellationToken = http.RequestAborted;
        foreach (var (value, offset, length) in parts)
        {
            await response.Body.WriteAsync(Encoding.ASCII.GetBytes($"--{boundary}\r\nContent-Type: application/octet-stream\r\nContent-Length: {length}\r\n\r\n"), cancellationToken).ConfigureAwait(false);
            await CopyValueAsync(value, offset, length, manifest, instance, response.Body, cancellationToken).ConfigureAwait(false);
            await response.Body.WriteAsync("\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        }
        await response.Body.WriteAsync(Encoding.ASCII.GetBytes($"--{boundary}--\r\n"), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Bytes of a value: from memory when the reader kept it inline, else from the stored chunks, verified.</summary>
    private Task CopyValueAsync(DicomValue value, long offset, long length, StudyManifest manifest, ManifestInstance instance, Stream output, CancellationToken cancellationToken) =>
        value.IsInline
            ? output.WriteAsync(value.GetBytes().Slice((int)offset, (int)length), cancellationToken).AsTask()
            : _ranges.CopyAsync(instance, manifest.ChunkSize, value.Offset + offset, length, output, cancellationToken);

    private static int[] FrameNumbers(string list)
    {
        var numbers = list.Split(',').Select(t => int.TryParse(t, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n : -1).ToArray();
        return numbers.Length is > 0 and <= 1000 && numbers.All(n => n > 0)
            ? numbers
            : throw new Contracts.Errors.DomainException(Contracts.Errors.DomainErrorKind.InvalidArgument, $"frames must be a comma-separated list of frame numbers from 1, not '{list}'");
    }

    private async Task AuditAsync(Caller caller, string action, VisibleStudy study, string? seriesUid, string? sopUid, int count)
    {
        var objectId = sopUid ?? seriesUid ?? study.StudyInstanceUid;
        var objectType = sopUid is not null ? "instance" : seriesUid is not null ? "series" : "study";
        await _audit.SucceededAsync(caller, action, objectType, objectId, [study.SourceFacilityId], $"{count} instances").ConfigureAwait(false);
    }

    private static Task WriteMetadataAsync(HttpContext http, List<DicomDataset> headers, IReadOnlyList<ManifestInstance> instances, VisibleStudy study, string retrieveBase)
    {
        var writers = new List<(DicomDataset, DicomJsonWriter)>(headers.Count);
        for (var i = 0; i < headers.Count; i++)
        {
            var instanceUrl = $"{retrieveBase}/studies/{study.StudyInstanceUid}/series/{instances[i].SeriesInstanceUid}/instances/{instances[i].SopInstanceUid}";
            writers.Add((headers[i], new DicomJsonWriter(new DicomJsonWriterOptions { Indented = false, InlineBinaryThreshold = MetadataInlineBytes, BulkDataUri = bulk => $"{instanceUrl}/bulkdata/{bulk.TagPath}" })));
        }
        return DicomJsonArray.WriteAsync(http.Response, writers, http.RequestAborted);
    }
}
