using System.Buffers.Binary;

namespace Handoff.Dimse.UpperLayer;

/// <summary>
/// Cuts a command or data set into P-DATA-TF PDUs of one presentation data value each, never longer than the peer's
/// maximum length; one buffer is reused for every PDU, so a 1 GiB data set streams through a fixed amount of memory.
/// </summary>
public sealed class PDataWriter
{
    private const int Overhead = 6 + 6; // PDU header, then PDV item length, context id and message control header

    private readonly PduStream _pdus;
    private readonly byte[] _buffer;
    private readonly int _maxFragment;

    /// <param name="pdus">Where the PDUs go.</param>
    /// <param name="peerMaxPduLength">The peer's Maximum Length Received (0: no limit; then 64 KiB PDUs are sent).</param>
    public PDataWriter(PduStream pdus, uint peerMaxPduLength)
    {
        _pdus = pdus;
        var pduLength = peerMaxPduLength is 0 or > 1024 * 1024 ? 1024 * 1024 : (int)peerMaxPduLength;
        if (pduLength < 8)
            throw new PduFormatException($"the peer's maximum PDU length of {peerMaxPduLength} cannot hold a fragment");
        _maxFragment = pduLength - 6;
        _buffer = new byte[_maxFragment + Overhead];
    }

    /// <summary>The most data bytes one PDU carries.</summary>
    public int MaxFragment => _maxFragment;

    /// <summary>Sends bytes already in memory (a command set, a small data set) as one or more fragments.</summary>
    public async ValueTask WriteAsync(byte contextId, bool isCommand, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        do
        {
            var take = Math.Min(bytes.Length, _maxFragment);
            bytes[..take].CopyTo(_buffer.AsMemory(Overhead));
            await SendAsync(contextId, isCommand, take, bytes.Length == take, cancellationToken).ConfigureAwait(false);
            bytes = bytes[take..];
        }
        while (bytes.Length > 0);
    }

    /// <summary>Streams <paramref name="length"/> bytes of a data set from <paramref name="source"/>.</summary>
    public async ValueTask WriteAsync(byte contextId, Stream source, long length, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        do
        {
            var take = (int)Math.Min(length, _maxFragment);
            await source.ReadExactlyAsync(_buffer.AsMemory(Overhead, take), cancellationToken).ConfigureAwait(false);
            length -= take;
            await SendAsync(contextId, false, take, length == 0, cancellationToken).ConfigureAwait(false);
        }
        while (length > 0);
    }

    private ValueTask SendAsync(byte contextId, bool isCommand, int length, bool last, CancellationToken cancellationToken)
    {
        _buffer[0] = (byte)PduType.Data;
        _buffer[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(2), (uint)(length + 6));
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(6), (uint)(length + 2));
        _buffer[10] = contextId;
        _buffer[11] = (byte)((isCommand ? 1 : 0) | (last ? 2 : 0));
        return _pdus.WriteAsync(_buffer.AsMemory(0, Overhead + length), cancellationToken);
    }
}
