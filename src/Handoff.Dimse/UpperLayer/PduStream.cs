using System.Buffers;
using System.Buffers.Binary;

namespace Handoff.Dimse.UpperLayer;

/// <summary>
/// PDUs over a byte stream (a TCP connection). A PDU's header is read first and its type and length checked
/// against <see cref="PduLimits"/> before its body is read into a pooled buffer, so a peer that declares 4 GB gets
/// an A-ABORT, not an allocation. Writes are serialized: one PDU at a time, never interleaved.
/// </summary>
public sealed class PduStream : IAsyncDisposable
{
    private const int HeaderLength = 6;

    private readonly Stream _stream;
    private readonly PduLimits _limits;
    private readonly byte[] _header = new byte[HeaderLength];
    private readonly SemaphoreSlim _writing = new(1, 1);

    public PduStream(Stream stream, PduLimits limits)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.MaxDataPduLength, 1024u, nameof(limits));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limits.MaxDataPduLength, 64u * 1024 * 1024, nameof(limits));
        _stream = stream;
        _limits = limits;
    }

    /// <summary>
    /// The next PDU; null when the peer closed the connection between PDUs. A connection closed inside a PDU is
    /// <see cref="EndOfStreamException"/>; a PDU this node does not know or that is too long, <see cref="PduFormatException"/>.
    /// </summary>
    public async ValueTask<Pdu?> ReadAsync(CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < HeaderLength)
        {
            var n = await _stream.ReadAsync(_header.AsMemory(read), cancellationToken).ConfigureAwait(false);
            if (n == 0)
                return read == 0 ? null : throw new EndOfStreamException($"the connection closed {read} bytes into a PDU header");
            read += n;
        }
        var type = _header[0];
        if (type is < (byte)PduType.AssociateRequest or > (byte)PduType.Abort)
            throw new PduFormatException($"unknown PDU type 0x{type:X2}", AbortReason.UnrecognizedPdu);
        var length = BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(2));
        var limit = LimitOf((PduType)type);
        if (length > limit)
            throw new PduFormatException($"{(PduType)type} PDU of {length} bytes exceeds this node's limit of {limit}");

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, (int)length));
        try
        {
            await _stream.ReadExactlyAsync(buffer.AsMemory(0, (int)length), cancellationToken).ConfigureAwait(false);
            return new Pdu((PduType)type, buffer, (int)length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>Writes one whole PDU (header included).</summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> pdu, CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(pdu, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writing.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        _writing.Dispose();
    }

    private long LimitOf(PduType type) => type switch
    {
        PduType.Data => _limits.MaxDataPduLength,
        PduType.AssociateRequest or PduType.AssociateAccept => _limits.MaxAssociatePduLength,
        _ => 4, // reject, release and abort PDUs have a 4-byte variable field
    };
}
