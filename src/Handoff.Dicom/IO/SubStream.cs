namespace Handoff.Dicom.IO;

/// <summary>A read-only forward stream over a range of a byte source (feeds the inflater).</summary>
internal sealed class SubStream : Stream
{
    private readonly DicomByteSource _source;
    private readonly long _start;
    private readonly long _length;
    private long _position;

    public SubStream(DicomByteSource source, long start, long length)
    {
        _source = source;
        _start = start;
        _length = length;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var want = (int)Math.Min(buffer.Length, _length - _position);
        if (want <= 0)
            return 0;
        var read = _source.ReadAt(_start + _position, buffer[..want]);
        _position += read;
        return read;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
