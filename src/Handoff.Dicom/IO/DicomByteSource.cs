namespace Handoff.Dicom.IO;

/// <summary>
/// Random-access bytes a data set was read from. Large values stay here as (offset, length) references
/// and are read on demand, so parsing a header costs kilobytes whatever the file size.
/// </summary>
public abstract class DicomByteSource
{
    public abstract long Length { get; }

    /// <summary>Name for messages (a path, or "memory").</summary>
    public abstract string Description { get; }

    /// <summary>Fills <paramref name="destination"/> from <paramref name="offset"/>; returns the bytes read (short only at the end).</summary>
    public abstract int ReadAt(long offset, Span<byte> destination);

    /// <summary>The bytes as memory without copying, when the source is memory; otherwise default.</summary>
    public virtual bool TryGetMemory(long offset, int length, out ReadOnlyMemory<byte> memory)
    {
        memory = default;
        return false;
    }
}
