using System.Buffers;

namespace Handoff.Client;

/// <summary>
/// One downloaded chunk (the <c>handoff.v1.Chunk</c> message: field 1 hash, field 2 data) read into a buffer rented
/// from the shared array pool, returned when disposed.
/// </summary>
/// <remarks>
/// Why not the generated message: its parser copies every chunk into a new 1 MiB array, which lands on the large
/// object heap. Downloading one 1 GiB instance made 400 MB/s of such garbage and 25 full collections a second, and a
/// delivering gateway peaked near 150-200 MB with 65 MB live. The chunk is used once (hashed, written to its file),
/// so a pooled buffer serves it. The wire format read here is protobuf's: tags and lengths are varints, and a
/// reader skips fields it does not know, so a newer server that adds fields to Chunk still works.
/// </remarks>
internal sealed class PooledChunk : IDisposable
{
    private byte[]? _buffer;
    private readonly int _hashOffset;
    private readonly int _hashLength;
    private readonly int _dataOffset;
    private readonly int _dataLength;

    private PooledChunk(byte[] buffer, int hashOffset, int hashLength, int dataOffset, int dataLength)
    {
        _buffer = buffer;
        _hashOffset = hashOffset;
        _hashLength = hashLength;
        _dataOffset = dataOffset;
        _dataLength = dataLength;
    }

    /// <summary>The chunk's claimed hash (field 1); empty when the message had none.</summary>
    public ReadOnlySpan<byte> Hash => Buffer.AsSpan(_hashOffset, _hashLength);

    /// <summary>The chunk's bytes (field 2).</summary>
    public ReadOnlySpan<byte> Data => Buffer.AsSpan(_dataOffset, _dataLength);

    private byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(PooledChunk));

    /// <summary>Reads one serialized Chunk message; throws <see cref="InvalidDataException"/> for a malformed one.</summary>
    public static PooledChunk Parse(ReadOnlySequence<byte> message)
    {
        if (message.Length > int.MaxValue)
            throw new InvalidDataException($"a chunk message of {message.Length} bytes is larger than any chunk");
        var length = (int)message.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            message.CopyTo(buffer);
            var (hashOffset, hashLength, dataOffset, dataLength) = ReadFields(buffer.AsSpan(0, length));
            return new PooledChunk(buffer, hashOffset, hashLength, dataOffset, dataLength);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
            ArrayPool<byte>.Shared.Return(buffer);
    }

    private static (int HashOffset, int HashLength, int DataOffset, int DataLength) ReadFields(ReadOnlySpan<byte> message)
    {
        int hashOffset = 0, hashLength = 0, dataOffset = 0, dataLength = 0;
        var position = 0;
        while (position < message.Length)
        {
            var tag = ReadVarint(message, ref position);
            var field = tag >> 3;
            switch ((int)(tag & 7))
            {
                case 0:
                    ReadVarint(message, ref position);
                    break;
                case 1:
                    position = Skip(message, position, 8);
                    break;
                case 5:
                    position = Skip(message, position, 4);
                    break;
                case 2:
                    var length = ReadVarint(message, ref position);
                    if (length > (ulong)(message.Length - position))
                        throw new InvalidDataException($"a chunk message's field {field} declares {length} bytes; {message.Length - position} remain");
                    if (field == 1)
                        (hashOffset, hashLength) = (position, (int)length);
                    else if (field == 2)
                        (dataOffset, dataLength) = (position, (int)length);
                    position += (int)length;
                    break;
                default:
                    throw new InvalidDataException($"a chunk message has field {field} with wire type {tag & 7}, which protobuf does not define");
            }
            if (field == 0)
                throw new InvalidDataException("a chunk message has a field numbered 0");
        }
        return (hashOffset, hashLength, dataOffset, dataLength);
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> message, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= message.Length)
                throw new InvalidDataException("a chunk message ends inside a varint");
            var b = message[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
                return value;
        }
        throw new InvalidDataException("a chunk message has a varint longer than 10 bytes");
    }

    private static int Skip(ReadOnlySpan<byte> message, int position, int count) =>
        count <= message.Length - position ? position + count : throw new InvalidDataException("a chunk message ends inside a fixed-size field");
}
