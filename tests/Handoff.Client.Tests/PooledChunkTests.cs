using System.Buffers;
using Google.Protobuf;
using Handoff.Protos.V1;

namespace Handoff.Client.Tests;

/// <summary>The pooled reader of downloaded chunks reads what the generated serializer writes, and refuses what it could not have written.</summary>
public sealed class PooledChunkTests
{
    [Fact]
    public void Parse_ChunkWrittenByTheGeneratedSerializer_SameHashAndData()
    {
        var data = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray();
        var hash = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var message = new Chunk { Hash = ByteString.CopyFrom(hash), Data = ByteString.CopyFrom(data) }.ToByteArray();

        using var chunk = PooledChunk.Parse(Split(message, 3));

        Assert.Equal(hash, chunk.Hash.ToArray());
        Assert.Equal(data, chunk.Data.ToArray());
    }

    [Fact]
    public void Parse_FieldsANewerServerAdds_AreSkipped()
    {
        var known = new Chunk { Hash = ByteString.CopyFrom(new byte[32]), Data = ByteString.CopyFromUtf8("slice") }.ToByteArray();
        // field 3 varint 150, field 4 fixed64, field 5 length-delimited "x", field 6 fixed32: all unknown to this reader
        byte[] unknown = [0x18, 0x96, 0x01, 0x21, 1, 2, 3, 4, 5, 6, 7, 8, 0x2A, 0x01, (byte)'x', 0x35, 1, 2, 3, 4];

        using var chunk = PooledChunk.Parse(new ReadOnlySequence<byte>([.. unknown, .. known]));

        Assert.Equal("slice"u8.ToArray(), chunk.Data.ToArray());
        Assert.Equal(32, chunk.Hash.Length);
    }

    [Theory]
    [InlineData(new byte[] { 0x12, 0x05, 1, 2 }, "declares 5 bytes")] // data longer than the message
    [InlineData(new byte[] { 0x12, 0xFF }, "ends inside a varint")] // length cut short
    [InlineData(new byte[] { 0x0B, 0x00 }, "wire type 3")] // group start: not in proto3
    [InlineData(new byte[] { 0x21, 1, 2 }, "ends inside a fixed-size field")]
    [InlineData(new byte[] { 0x02, 0x00 }, "numbered 0")]
    [InlineData(new byte[] { 0x12, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }, "longer than 10 bytes")]
    public void Parse_MalformedMessage_RefusedWithTheReason(byte[] message, string reason)
    {
        var error = Assert.Throws<InvalidDataException>(() => PooledChunk.Parse(new ReadOnlySequence<byte>(message)));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Disposed_BytesNoLongerReachable()
    {
        var chunk = PooledChunk.Parse(new ReadOnlySequence<byte>(new Chunk { Data = ByteString.CopyFromUtf8("x") }.ToByteArray()));
        chunk.Dispose();
        chunk.Dispose(); // twice is harmless: the buffer goes back to the pool once

        Assert.Throws<ObjectDisposedException>(() => chunk.Data.Length);
    }

    /// <summary>The message in several segments, as gRPC hands over a payload that spans its buffers.</summary>
    private static ReadOnlySequence<byte> Split(byte[] message, int parts)
    {
        var size = message.Length / parts + 1;
        Segment? first = null, last = null;
        for (var offset = 0; offset < message.Length; offset += size)
        {
            var segment = new Segment(message.AsMemory(offset, Math.Min(size, message.Length - offset)), last);
            first ??= segment;
            last = segment;
        }
        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, Segment? previous)
        {
            Memory = memory;
            if (previous is not null)
            {
                RunningIndex = previous.RunningIndex + previous.Memory.Length;
                previous.Next = this;
            }
        }
    }
}
