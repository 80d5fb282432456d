using System.Text.Encodings.Web;
using System.Text.Json;

namespace Handoff.Dicom.Json;

/// <summary>
/// Writes a data set (without its file meta group) as the DICOM JSON Model of PS3.18 Annex F, agreeing with
/// dcmtk's <c>dcm2json</c>: attributes keyed by 8 uppercase hex digits in tag order, group lengths left out,
/// strings decoded through the data set's Specific Character Set, DS and IS as JSON numbers, PN as component
/// group objects, binary values as InlineBinary below <see cref="DicomJsonWriterOptions.InlineBinaryThreshold"/>
/// and BulkDataURI at or above it. Output streams through <see cref="Utf8JsonWriter"/> and is flushed as it grows,
/// so memory stays bounded whatever the data set's size.
/// </summary>
public sealed class DicomJsonWriter
{
    private const int FlushThreshold = 64 * 1024;

    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    private readonly DicomJsonWriterOptions _options;

    public DicomJsonWriter(DicomJsonWriterOptions? options = null) => _options = options ?? DicomJsonWriterOptions.Default;

    /// <summary>Writes UTF-8 JSON to <paramref name="output"/> and flushes it.</summary>
    public void Write(DicomDataset dataset, Stream output)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(output);
        // The relaxed encoder keeps non-ASCII text readable (as dcm2json does) instead of \uXXXX escapes; the
        // output is JSON, never embedded in HTML, which is the only place that escaping matters.
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = _options.Indented, Encoder = Encoder });
        Write(dataset, json);
        json.Flush();
    }

    /// <summary>Writes the data set as one JSON object at the writer's current position.</summary>
    public void Write(DicomDataset dataset, Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(json);
        WriteDataset(dataset, json, new DicomJsonTagPath());
    }

    /// <summary>The JSON of <paramref name="dataset"/> as a string, for tests and small data sets.</summary>
    public string WriteToString(DicomDataset dataset)
    {
        using var buffer = new MemoryStream();
        Write(dataset, buffer);
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private void WriteDataset(DicomDataset dataset, Utf8JsonWriter json, DicomJsonTagPath path)
    {
        json.WriteStartObject();
        Span<byte> name = stackalloc byte[8];
        foreach (var item in dataset)
        {
            // PS3.18 F.2.2: group length attributes are not included.
            if (item.Tag.IsGroupLength)
                continue;
            DicomJsonValues.FormatTag(item.Tag, name);
            json.WritePropertyName(name);
            json.WriteStartObject();
            json.WriteString("vr", DicomJsonValues.VRName(item.VR));
            path.Push(item.Tag);
            switch (item)
            {
                case DicomSequence sequence:
                    WriteSequence(sequence, json, path);
                    break;
                case DicomFragments fragments:
                    WriteEncapsulated(fragments, json, path);
                    break;
                case DicomElement element:
                    WriteElement(dataset, element, json, path);
                    break;
            }
            path.Pop();
            json.WriteEndObject();
            if (json.BytesPending >= FlushThreshold)
                json.Flush();
        }
        json.WriteEndObject();
    }

    private void WriteSequence(DicomSequence sequence, Utf8JsonWriter json, DicomJsonTagPath path)
    {
        if (sequence.Items.Count == 0)
            return;
        json.WriteStartArray("Value");
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            path.PushItem(i);
            WriteDataset(sequence.Items[i], json, path);
            path.Pop();
        }
        json.WriteEndArray();
    }

    private void WriteEncapsulated(DicomFragments fragments, Utf8JsonWriter json, DicomJsonTagPath path)
    {
        var length = DicomJsonBinary.EncapsulatedLength(fragments);
        if (length >= _options.InlineBinaryThreshold)
        {
            WriteBulkDataUri(json, path, fragments.Tag, fragments.VR, length);
            return;
        }
        json.WritePropertyName("InlineBinary");
        DicomJsonBinary.WriteEncapsulated(json, fragments);
    }

    private void WriteElement(DicomDataset dataset, DicomElement element, Utf8JsonWriter json, DicomJsonTagPath path)
    {
        var value = element.Value;
        if (_options.ReportUtf8CharacterSet && element.Tag == DicomTag.SpecificCharacterSet)
        {
            // dcm2json does the same, even for an empty (0008,0005): the text it writes is UTF-8 either way.
            DicomJsonValues.WriteUtf8CharacterSet(json);
            return;
        }
        if (value.Length == 0)
            return; // PS3.18 F.2.5: an empty value has no "Value" member
        if (!DicomJsonValues.IsBinary(element.VR))
        {
            DicomJsonValues.WriteValues(dataset, element, json);
            return;
        }
        if (value.Length >= _options.InlineBinaryThreshold)
        {
            WriteBulkDataUri(json, path, element.Tag, element.VR, value.Length);
            return;
        }
        json.WritePropertyName("InlineBinary");
        var swapUnit = dataset.IsBigEndian ? DicomVRInfo.SwapUnit(element.VR) : 0;
        DicomJsonBinary.WriteValue(json, value, swapUnit);
    }

    private void WriteBulkDataUri(Utf8JsonWriter json, DicomJsonTagPath path, DicomTag tag, DicomVR vr, long length)
    {
        var bulk = new DicomJsonBulkData(path.ToString(), tag, vr, length);
        json.WriteString("BulkDataURI", _options.BulkDataUri is { } uri ? uri(bulk) : bulk.DefaultUri);
    }
}
