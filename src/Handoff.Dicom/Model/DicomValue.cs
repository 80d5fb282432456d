using System.Buffers;
using Handoff.Dicom.IO;

namespace Handoff.Dicom;

/// <summary>
/// The raw bytes of an element's value, in the byte order of the data set it came from. Small values are
/// held in memory; large ones (at or above the reader's threshold, pixel data included) are a reference
/// to (source, offset, length) and read only when asked.
/// </summary>
public sealed class DicomValue
{
    public static readonly DicomValue Empty = new(ReadOnlyMemory<byte>.Empty);

    private readonly ReadOnlyMemory<byte> _inline;
    private readonly DicomByteSource? _source;

    public DicomValue(ReadOnlyMemory<byte> bytes)
    {
        _inline = bytes;
        Length = bytes.Length;
    }

    public DicomValue(DicomByteSource source, long offset, long length)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
        Offset = offset;
        Length = length;
    }

    public long Length { get; }

    /// <summary>True when the bytes are held in memory; false for a reference into the source.</summary>
    public bool IsInline => _source is null;

    /// <summary>Where a referenced value starts in its source (0 for inline values).</summary>
    public long Offset { get; }

    public DicomByteSource? Source => _source;

    /// <summary>The bytes; a referenced value is read from its source now (memory sources are sliced, not copied).</summary>
    public ReadOnlyMemory<byte> GetBytes()
    {
        if (_source is null)
            return _inline;
        if (Length > Array.MaxLength)
            throw new InvalidOperationException($"value of {Length} bytes is too large for memory; stream it with CopyToAsync");
        if (_source.TryGetMemory(Offset, (int)Length, out var memory))
            return memory;
        var buffer = new byte[Length];
        var read = _source.ReadAt(Offset, buffer);
        if (read != Length)
            throw new IOException($"{_source.Description}: value at offset {Offset} ends after {read} of {Length} bytes");
        return buffer;
    }

    /// <summary>Writes the bytes to a stream in bounded pieces, whatever the value's size.</summary>
    public void CopyTo(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (_source is null || _source.TryGetMemory(Offset, (int)Math.Min(Length, int.MaxValue), out _))
        {
            destination.Write(GetBytes().Span);
            return;
        }
        var buffer = ArrayPool<byte>.Shared.Rent(256 * 1024);
        try
        {
            for (long done = 0; done < Length;)
            {
                var want = (int)Math.Min(buffer.Length, Length - done);
                var read = _source.ReadAt(Offset + done, buffer.AsSpan(0, want));
                if (read != want)
                    throw new IOException($"{_source.Description}: value at offset {Offset} ends after {done + read} of {Length} bytes");
                destination.Write(buffer, 0, read);
                done += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
