using System.Buffers.Binary;

namespace Handoff.Dicom.IO;

/// <summary>
/// Forward reader over a <see cref="DicomByteSource"/>. Over memory it slices; over anything else it reads
/// windows that grow as needed. A window is never overwritten once filled, so small values can be handed
/// out as slices of it without copying.
/// </summary>
internal sealed class SourceCursor
{
    private const int FirstWindow = 8 * 1024;
    private const int MaxWindow = 1024 * 1024;

    private readonly DicomByteSource _source;
    private readonly ReadOnlyMemory<byte> _memory;
    private readonly bool _isMemory;
    private byte[] _window = [];
    private long _windowStart;
    private int _windowLength;
    private int _nextWindowSize = FirstWindow;

    public SourceCursor(DicomByteSource source)
    {
        _source = source;
        Length = source.Length;
        if (source is MemoryByteSource memorySource)
        {
            _memory = memorySource.Memory;
            _isMemory = true;
        }
    }

    public DicomByteSource Source => _source;

    public long Length { get; }

    public long Position { get; set; }

    public long Remaining => Length - Position;

    /// <summary>The next <paramref name="count"/> bytes without consuming them; the caller checked Remaining.</summary>
    public ReadOnlySpan<byte> Peek(int count) => PeekMemory(count).Span;

    private ReadOnlyMemory<byte> PeekMemory(int count)
    {
        if (_isMemory)
            return _memory.Slice((int)Position, count);
        if (Position < _windowStart || Position + count > _windowStart + _windowLength)
            Refill(count);
        return new ReadOnlyMemory<byte>(_window, (int)(Position - _windowStart), count);
    }

    /// <summary>Consumes <paramref name="count"/> bytes and returns them as memory that stays valid.</summary>
    public ReadOnlyMemory<byte> Take(int count)
    {
        var memory = PeekMemory(count);
        Position += count;
        return memory;
    }

    public ushort ReadUInt16(bool bigEndian)
    {
        var span = Peek(2);
        Position += 2;
        return bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(span) : BinaryPrimitives.ReadUInt16LittleEndian(span);
    }

    public uint ReadUInt32(bool bigEndian)
    {
        var span = Peek(4);
        Position += 4;
        return bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(span) : BinaryPrimitives.ReadUInt32LittleEndian(span);
    }

    private void Refill(int count)
    {
        var size = (int)Math.Min(Math.Max(count, _nextWindowSize), Length - Position);
        _nextWindowSize = Math.Min(_nextWindowSize * 2, MaxWindow);
        var window = new byte[size];
        var kept = 0;
        if (Position >= _windowStart && Position < _windowStart + _windowLength)
        {
            kept = (int)(_windowStart + _windowLength - Position);
            _window.AsSpan((int)(Position - _windowStart), kept).CopyTo(window);
        }
        var read = _source.ReadAt(Position + kept, window.AsSpan(kept));
        if (kept + read < count)
            throw new DicomFormatException($"{_source.Description} ended early (expected {count} bytes)", Position);
        _window = window;
        _windowStart = Position;
        _windowLength = kept + read;
    }
}
