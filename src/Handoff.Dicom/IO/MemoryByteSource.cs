namespace Handoff.Dicom.IO;

/// <summary>A byte source over memory: values are slices, never copies.</summary>
public sealed class MemoryByteSource : DicomByteSource
{
    private readonly ReadOnlyMemory<byte> _memory;

    public MemoryByteSource(ReadOnlyMemory<byte> memory, string description = "memory")
    {
        _memory = memory;
        Description = description;
    }

    public override long Length => _memory.Length;

    public override string Description { get; }

    public ReadOnlyMemory<byte> Memory => _memory;

    public override int ReadAt(long offset, Span<byte> destination)
    {
        if (offset >= _memory.Length)
            return 0;
        var count = (int)Math.Min(destination.Length, _memory.Length - offset);
        _memory.Span.Slice((int)offset, count).CopyTo(destination);
        return count;
    }

    public override bool TryGetMemory(long offset, int length, out ReadOnlyMemory<byte> memory)
    {
        memory = _memory.Slice((int)offset, length);
        return true;
    }
}
