namespace Handoff.Dicom;

/// <summary>
/// The one exception the DICOM reader throws for malformed input. It names where the problem is:
/// the byte offset in the source and the tag being read, when one was.
/// </summary>
public sealed class DicomFormatException : Exception
{
    public DicomFormatException(string reason, long offset, DicomTag? tag = null, Exception? inner = null)
        : base(Format(reason, offset, tag), inner)
    {
        Reason = reason;
        Offset = offset;
        Tag = tag;
    }

    public DicomFormatException() : this("malformed DICOM", 0) { }

    public DicomFormatException(string message) : this(message, 0) { }

    public DicomFormatException(string message, Exception inner) : this(message, 0, null, inner) { }

    /// <summary>What is wrong, without the location.</summary>
    public string Reason { get; }

    /// <summary>Byte offset in the source (after inflation, for deflated data) where the problem was found.</summary>
    public long Offset { get; }

    /// <summary>The tag being read, if the problem was inside an element.</summary>
    public DicomTag? Tag { get; }

    private static string Format(string reason, long offset, DicomTag? tag) =>
        tag is { } t ? $"at offset {offset}, tag {t}: {reason}" : $"at offset {offset}: {reason}";
}
