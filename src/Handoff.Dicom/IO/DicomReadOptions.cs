namespace Handoff.Dicom.IO;

/// <summary>How much of a file the reader loads and the limits that keep malformed input harmless.</summary>
public sealed record DicomReadOptions
{
    public static readonly DicomReadOptions Default = new();

    /// <summary>Values this long or longer stay in the source as references (offset, length), read on demand.</summary>
    public int LargeValueThreshold { get; init; } = 64 * 1024;

    /// <summary>Stop at the first top-level element at or after (7FE0,0008): reading a header never touches pixel data.</summary>
    public bool StopBeforePixelData { get; init; }

    /// <summary>Sequences nested deeper than this are rejected: recursion on hostile input must not exhaust the stack.</summary>
    public int MaxSequenceDepth { get; init; } = 64;

    /// <summary>Upper bound on the inflated size of a deflated data set, so a deflate bomb cannot take the memory.</summary>
    public long MaxInflatedLength { get; init; } = 1L << 30;
}
