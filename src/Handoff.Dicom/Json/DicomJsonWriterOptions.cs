namespace Handoff.Dicom.Json;

/// <summary>How <see cref="DicomJsonWriter"/> writes the DICOM JSON Model (PS3.18 Annex F).</summary>
public sealed record DicomJsonWriterOptions
{
    /// <summary>64 KiB: the same bound as the reader's large-value threshold.</summary>
    public const long DefaultInlineBinaryThreshold = 64 * 1024;

    public static readonly DicomJsonWriterOptions Default = new();

    /// <summary>Two-space indentation (as <c>dcm2json</c> prints by default); false gives compact output.</summary>
    public bool Indented { get; init; } = true;

    /// <summary>
    /// Binary values (OB OD OF OL OV OW UN, and encapsulated pixel data) whose value field is this long or longer
    /// are written as a BulkDataURI; shorter ones as base64 InlineBinary. The default equals the reader's
    /// <see cref="IO.DicomReadOptions.LargeValueThreshold"/>: what the reader kept in memory goes inline, what it
    /// left in the file (pixel data, big LUTs) becomes a reference, so a JSON export never pulls a whole image
    /// through base64. Use <see cref="long.MaxValue"/> to inline everything as <c>dcm2json</c> does.
    /// </summary>
    public long InlineBinaryThreshold { get; init; } = DefaultInlineBinaryThreshold;

    /// <summary>
    /// Makes the BulkDataURI of a value at or above <see cref="InlineBinaryThreshold"/>. When null the URI is
    /// the relative reference <c>bulkdata/{TagPath}</c>, to be resolved against wherever the JSON is served.
    /// </summary>
    public Func<DicomJsonBulkData, string>? BulkDataUri { get; init; }

    /// <summary>
    /// Writes Specific Character Set (0008,0005) as "ISO_IR 192", as <c>dcm2json</c> does: JSON text is Unicode,
    /// so a consumer turning it back into DICOM must encode it as UTF-8, not as the source's character set.
    /// </summary>
    public bool ReportUtf8CharacterSet { get; init; } = true;
}
