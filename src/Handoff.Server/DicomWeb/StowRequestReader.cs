using System.Runtime.CompilerServices;
using Handoff.Dicom;
using Handoff.Dicom.IO;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Handoff.Server.DicomWeb;

/// <summary>
/// Reads a STOW-RS request body (<c>multipart/related; type="application/dicom"</c>) part by part into a spool folder,
/// never a whole part in memory, and reads each part's header: what can be stored, or why a part cannot (not
/// application/dicom, not a DICOM Part 10 instance, missing UIDs, a study other than the URL's). Limits are checked
/// as bytes arrive: more parts than allowed, or a part larger than an instance may be, refuse the whole request.
/// </summary>
public static class StowRequestReader
{
    public const string DicomMediaType = "application/dicom";
    private const int MaxBoundaryLength = 256;

    /// <summary>The boundary of a STOW-RS request's body.</summary>
    /// <exception cref="StowRequestException">415: the body is not multipart/related of application/dicom.</exception>
    public static string BoundaryOf(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || !media.MediaType.Equals("multipart/related", StringComparison.OrdinalIgnoreCase))
            throw new StowRequestException(StatusCodes.Status415UnsupportedMediaType, $"the request's Content-Type must be multipart/related; type=\"{DicomMediaType}\", not '{contentType}'");
        var type = HeaderUtilities.RemoveQuotes(media.Parameters.FirstOrDefault(p => p.Name.Equals("type", StringComparison.OrdinalIgnoreCase))?.Value ?? default);
        if (type.Length > 0 && !type.Equals(DicomMediaType, StringComparison.OrdinalIgnoreCase))
            throw new StowRequestException(StatusCodes.Status415UnsupportedMediaType, $"this server stores {DicomMediaType} parts, not type=\"{type}\" (send Part 10 instances)");
        var boundary = HeaderUtilities.RemoveQuotes(media.Boundary).Value;
        // RFC 2046 allows 70 characters; real clients send more (Orthanc's DICOMweb plugin sends 73), so the limit is looser.
        if (string.IsNullOrEmpty(boundary) || boundary.Length > MaxBoundaryLength)
            throw new StowRequestException(StatusCodes.Status400BadRequest, "the request's Content-Type has no valid multipart boundary");
        return boundary;
    }

    /// <summary>Spools each part into <paramref name="folder"/> and reports it as it is read.</summary>
    public static async IAsyncEnumerable<StowPart> ReadAsync(Stream body, string boundary, string folder, string? expectedStudy,
        int maxParts, long maxPartBytes, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = new MultipartReader(boundary, body) { BodyLengthLimit = null };
        var index = 0;
        while (await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } section)
        {
            index++;
            if (index > maxParts)
                throw new StowRequestException(StatusCodes.Status413PayloadTooLarge, $"the request carries more than {maxParts} parts; send the rest in another request");
            var path = Path.Combine(folder, $"{index}.dcm");
            await SpoolAsync(section.Body, path, index, maxPartBytes, cancellationToken).ConfigureAwait(false);
            var part = Inspect(index, path, section.ContentType, expectedStudy);
            if (part.Failure is not null)
                File.Delete(path);
            yield return part;
        }
    }

    private static async Task SpoolAsync(Stream source, string path, int index, long maxPartBytes, CancellationToken cancellationToken)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(128 * 1024);
        try
        {
            await using var file = Handoff.Storage.Files.OwnerOnly.CreateNew(path);
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
                if (total > maxPartBytes)
                    throw new StowRequestException(StatusCodes.Status413PayloadTooLarge, $"part {index} is larger than the {maxPartBytes} bytes an instance may have");
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads the part's header (never its pixel data) and decides whether it can be stored.</summary>
    public static StowPart Inspect(int index, string path, string? contentType, string? expectedStudy)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || !media.MediaType.Equals(DicomMediaType, StringComparison.OrdinalIgnoreCase))
            return StowPart.Refused(index, new StowFailure(StowFailure.CannotUnderstand, $"part {index} has Content-Type '{contentType}', not {DicomMediaType}"));
        DicomFile file;
        try
        {
            file = DicomFile.Open(path, new DicomReadOptions { StopBeforePixelData = true });
        }
        catch (Exception e) when (e is DicomFormatException or EndOfStreamException or IOException)
        {
            return StowPart.Refused(index, new StowFailure(StowFailure.CannotUnderstand, $"part {index} is not a DICOM Part 10 instance: {e.Message}"));
        }
        var meta = file.FileMetaInformation;
        var data = file.Dataset;
        var sopClass = data.GetString(DicomTag.SOPClassUID) ?? meta.GetString(DicomTag.MediaStorageSOPClassUID) ?? "";
        var sopInstance = data.GetString(DicomTag.SOPInstanceUID) ?? "";
        var study = data.GetString(DicomTag.StudyInstanceUID) ?? "";
        var series = data.GetString(DicomTag.SeriesInstanceUID) ?? "";
        if (meta.GetString(DicomTag.TransferSyntaxUID) is not { Length: > 0 })
            return StowPart.Refused(index, new StowFailure(StowFailure.CannotUnderstand, $"part {index} is not a DICOM Part 10 instance: it has no File Meta Information with a Transfer Syntax UID"), sopClass, sopInstance);
        var missing = (sopClass, sopInstance, study, series) switch
        {
            ({ Length: 0 }, _, _, _) => "SOP Class UID (0008,0016)",
            (_, { Length: 0 }, _, _) => "SOP Instance UID (0008,0018)",
            (_, _, { Length: 0 }, _) => "Study Instance UID (0020,000D)",
            (_, _, _, { Length: 0 }) => "Series Instance UID (0020,000E)",
            _ => null,
        };
        if (missing is not null)
            return StowPart.Refused(index, new StowFailure(StowFailure.CannotUnderstand, $"part {index} has no {missing}"), sopClass, sopInstance);
        if (meta.GetString(DicomTag.MediaStorageSOPInstanceUID) is { Length: > 0 } metaInstance && metaInstance != sopInstance)
            return StowPart.Refused(index, new StowFailure(StowFailure.CannotUnderstand, $"part {index}: the File Meta Information names instance {metaInstance}, the data set {sopInstance}"), sopClass, sopInstance);
        if (expectedStudy is not null && !string.Equals(study, expectedStudy, StringComparison.Ordinal))
            return StowPart.Refused(index, new StowFailure(StowFailure.DoesNotMatch, $"instance {sopInstance} belongs to study {study}, not to study {expectedStudy} named in the URL"), sopClass, sopInstance);
        return new StowPart(index, path, sopClass, sopInstance, study, series, (data.GetString(DicomTag.PatientID) ?? "").TrimEnd('\0'));
    }
}
