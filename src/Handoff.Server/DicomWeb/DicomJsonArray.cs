using System.Text.Json;
using Handoff.Dicom;
using Handoff.Dicom.Json;

namespace Handoff.Server.DicomWeb;

/// <summary>A DICOM JSON array (application/dicom+json), built in memory (data sets of headers only) and written at once.</summary>
public static class DicomJsonArray
{
    public static Task WriteAsync(HttpResponse response, IReadOnlyList<DicomDataset> datasets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(datasets);
        var writer = new DicomJsonWriter(new DicomJsonWriterOptions { Indented = false });
        return WriteAsync(response, [.. datasets.Select(d => (d, writer))], cancellationToken);
    }

    public static async Task WriteAsync(HttpResponse response, IReadOnlyList<(DicomDataset Dataset, DicomJsonWriter Writer)> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(items);
        response.ContentType = "application/dicom+json";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var (dataset, writer) in items)
                writer.Write(dataset, json);
            json.WriteEndArray();
        }
        response.ContentLength = buffer.Length;
        await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
    }
}
