using Handoff.Contracts.Errors;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Handoff.Server.DicomWeb;

/// <summary>
/// What a WADO-RS instance retrieve can answer: instances as they were sent, multipart/related of application/dicom in
/// their own transfer syntax. An Accept that allows that (none, */*, or multipart/related with type application/dicom
/// and transfer-syntax absent or *) is served; one that asks only for something else is 406 saying what is offered.
/// </summary>
public static class WadoAccept
{
    public static void RequireDicom(StringValues accept)
    {
        if (StringValues.IsNullOrEmpty(accept) || !MediaTypeHeaderValue.TryParseList(accept, out var media) || media.Count == 0)
            return;
        foreach (var item in media)
        {
            if (item.MatchesAllTypes || item.MediaType.Equals("multipart/*", StringComparison.OrdinalIgnoreCase))
                return;
            if (!item.MediaType.Equals("multipart/related", StringComparison.OrdinalIgnoreCase))
                continue;
            var type = HeaderUtilities.RemoveQuotes(Parameter(item, "type")).ToString();
            var syntax = HeaderUtilities.RemoveQuotes(Parameter(item, "transfer-syntax")).ToString();
            if ((type.Length == 0 || type.Equals("application/dicom", StringComparison.OrdinalIgnoreCase)) && (syntax.Length == 0 || syntax == "*"))
                return;
        }
        throw new NotAcceptableException($"instances are served as they were sent: Accept multipart/related; type=\"application/dicom\"; transfer-syntax=* (asked: {accept})");
    }

    private static StringSegment Parameter(MediaTypeHeaderValue media, string name) =>
        media.Parameters.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))?.Value ?? default;
}
