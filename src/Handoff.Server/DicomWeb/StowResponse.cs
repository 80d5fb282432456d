using Handoff.Dicom;
using Handoff.Dicom.Json;

namespace Handoff.Server.DicomWeb;

/// <summary>
/// The STOW-RS response of PS3.18 10.5.3: the study's Retrieve URL, a Referenced SOP Sequence item per stored instance
/// (with its Retrieve URL) and a Failed SOP Sequence item per refused one (with its Failure Reason), as DICOM JSON.
/// 200 when every instance was stored, 202 when some were, 409 when none was. The reasons, in words, go in
/// <c>Warning</c> headers (a few) and the response names the transfer(s) in <c>Handoff-Transfer-Id</c>.
/// </summary>
public static class StowResponse
{
    public const string TransferHeader = "Handoff-Transfer-Id";
    private const int MaxWarningHeaders = 20;

    /// <summary>
    /// 200, 202 or 409 as PS3.18 says; when nothing was stored because the server refused the transfer itself for
    /// every instance alike (a destination that does not exist, one this facility may not send to), that refusal's
    /// status: 404 or 403.
    /// </summary>
    public static int StatusOf(int stored, IReadOnlyCollection<StowFailure> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        if (failures.Count == 0)
            return StatusCodes.Status200OK;
        if (stored > 0)
            return StatusCodes.Status202Accepted;
        var refusals = failures.Select(f => f.Refusal).Distinct().ToList();
        return refusals is [Grpc.Core.StatusCode.NotFound] ? StatusCodes.Status404NotFound
            : refusals is [Grpc.Core.StatusCode.PermissionDenied] ? StatusCodes.Status403Forbidden
            : StatusCodes.Status409Conflict;
    }

    public static async Task WriteAsync(HttpResponse response, string retrieveBase, IReadOnlyList<(StowPart Part, StowFailure? Failure)> results,
        IEnumerable<string> transferIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(results);
        var stored = results.Where(r => r.Failure is null).ToList();
        var failed = results.Where(r => r.Failure is not null).ToList();
        response.StatusCode = StatusOf(stored.Count, [.. failed.Select(f => f.Failure!)]);
        response.ContentType = "application/dicom+json";
        foreach (var id in transferIds)
            response.Headers.Append(TransferHeader, id);
        foreach (var (_, failure) in failed.Take(MaxWarningHeaders))
            response.Headers.Append("Warning", $"299 handoff \"{Quoted(failure!.Reason)}\"");

        var body = new DicomDataset();
        var studies = stored.Select(r => r.Part.StudyInstanceUid).Distinct(StringComparer.Ordinal).ToList();
        if (studies.Count == 1)
            body.Set(DicomTag.RetrieveURL, DicomVR.UR, $"{retrieveBase}/studies/{studies[0]}");
        body.Set(DicomTag.FailedSOPSequence, [.. failed.Select(r => FailedItem(body, r.Part, r.Failure!))]);
        body.Set(DicomTag.ReferencedSOPSequence, [.. stored.Select(r => StoredItem(body, r.Part, retrieveBase))]);
        // Kestrel allows no synchronous writes; the response is small (a few hundred bytes an instance), so it is built first.
        using var json = new MemoryStream();
        new DicomJsonWriter(new DicomJsonWriterOptions { Indented = false }).Write(body, json);
        response.ContentLength = json.Length;
        await response.Body.WriteAsync(json.GetBuffer().AsMemory(0, (int)json.Length), cancellationToken).ConfigureAwait(false);
    }

    private static DicomDataset StoredItem(DicomDataset parent, StowPart part, string retrieveBase) =>
        new DicomDataset(parent: parent)
            .Set(DicomTag.ReferencedSOPClassUID, DicomVR.UI, part.SopClassUid)
            .Set(DicomTag.ReferencedSOPInstanceUID, DicomVR.UI, part.SopInstanceUid)
            .Set(DicomTag.RetrieveURL, DicomVR.UR, $"{retrieveBase}/studies/{part.StudyInstanceUid}/series/{part.SeriesInstanceUid}/instances/{part.SopInstanceUid}");

    private static DicomDataset FailedItem(DicomDataset parent, StowPart part, StowFailure failure)
    {
        var item = new DicomDataset(parent: parent);
        if (part.SopClassUid.Length > 0)
            item.Set(DicomTag.ReferencedSOPClassUID, DicomVR.UI, part.SopClassUid);
        if (part.SopInstanceUid.Length > 0)
            item.Set(DicomTag.ReferencedSOPInstanceUID, DicomVR.UI, part.SopInstanceUid);
        return item.Set(DicomTag.FailureReason, DicomVR.US, failure.Code);
    }

    /// <summary>A reason as an HTTP quoted string: one line of printable ASCII, quotes and backslashes escaped.</summary>
    private static string Quoted(string reason)
    {
        var text = new string([.. reason.Select(c => c is >= ' ' and <= '~' ? c : '?')]);
        if (text.Length > 300)
            text = text[..300];
        return text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
    }
}
