namespace Handoff.Dicom.Json;

/// <summary>
/// A binary value the JSON writer leaves out of the document, handed to
/// <see cref="DicomJsonWriterOptions.BulkDataUri"/> to name it.
/// </summary>
/// <param name="TagPath">
/// Where the value sits: tags as 8 uppercase hex digits, with the 0-based item index between a sequence and
/// the element inside it, joined by '/': "7FE00010" or "00540016/0/00181072".
/// </param>
/// <param name="Tag">The element's tag.</param>
/// <param name="VR">The element's VR.</param>
/// <param name="Length">Bytes in the value field (for encapsulated pixel data, the items and the delimiter included).</param>
public sealed record DicomJsonBulkData(string TagPath, DicomTag Tag, DicomVR VR, long Length)
{
    /// <summary>The default URI: a relative reference naming the tag path.</summary>
    public string DefaultUri => "bulkdata/" + TagPath;
}
