using System.Buffers;

namespace Handoff.Dimse.UpperLayer;

/// <summary>One PDU as read: its type and variable field, in a pooled buffer returned on <see cref="Dispose"/>.</summary>
public sealed class Pdu : IDisposable
{
    private byte[]? _buffer;

    internal Pdu(PduType type, byte[] buffer, int length)
    {
        Type = type;
        _buffer = buffer;
        Length = length;
    }

    public PduType Type { get; }

    /// <summary>The length of the variable field.</summary>
    public int Length { get; }

    /// <summary>The variable field (everything after the 6-byte header); valid until disposed.</summary>
    public ReadOnlyMemory<byte> Body => _buffer is { } buffer ? buffer.AsMemory(0, Length) : throw new ObjectDisposedException(nameof(Pdu));

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
            ArrayPool<byte>.Shared.Return(buffer);
    }
}
