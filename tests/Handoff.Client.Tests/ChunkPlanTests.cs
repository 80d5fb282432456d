using Google.Protobuf;
using Handoff.Client;

namespace Handoff.Client.Tests;

/// <summary>Only what the server lacks is sent, and a chunk shared by several instances is sent once per study.</summary>
public sealed class ChunkPlanTests
{
    private const int ChunkSize = 1024;
    private const string Study = "1.2.3";

    [Fact]
    public void Plan_OnlyMissingChunks_AreSent()
    {
        var instance = Instance("1.2.3.1", InstanceHasherTests.RandomBytes(3 * ChunkSize, seed: 1));
        var plan = new ChunkPlan();

        var work = plan.Plan(Study, [instance], [Hash(instance, 2)], out var stored);

        var item = Assert.Single(work);
        Assert.Equal([2], item.ChunkIndices);
        Assert.Equal(ChunkSize, item.Bytes);
        Assert.Equal(0, stored);
    }

    [Fact]
    public void Plan_ChunkSharedByTwoInstances_SentOnceAndOtherInstanceNotStored()
    {
        var shared = new byte[ChunkSize]; // an all-zero chunk, as blank slices have
        var first = Instance("1.2.3.1", [.. shared, .. InstanceHasherTests.RandomBytes(ChunkSize, seed: 2)]);
        var second = Instance("1.2.3.2", [.. shared, .. shared]);
        var plan = new ChunkPlan();

        var work = plan.Plan(Study, [first, second], [Hash(first, 0), Hash(first, 1)], out var stored);

        var item = Assert.Single(work);
        Assert.Same(first, item.Instance);
        Assert.Equal([0, 1], item.ChunkIndices);
        Assert.Equal(0, stored); // the second instance still waits for the shared chunk
    }

    [Fact]
    public void Plan_NothingMissing_CountsInstanceAsAlreadyStored()
    {
        var instance = Instance("1.2.3.1", InstanceHasherTests.RandomBytes(2 * ChunkSize, seed: 3));

        var work = new ChunkPlan().Plan(Study, [instance], [], out var stored);

        Assert.Empty(work);
        Assert.Equal(1, stored);
    }

    [Fact]
    public void Reset_AfterLostChunks_PlansThemAgain()
    {
        var instance = Instance("1.2.3.1", InstanceHasherTests.RandomBytes(ChunkSize, seed: 4));
        var plan = new ChunkPlan();
        plan.Plan(Study, [instance], [Hash(instance, 0)], out _);

        Assert.Empty(plan.Plan(Study, [instance], [Hash(instance, 0)], out _));
        plan.Reset(Study);
        Assert.Single(plan.Plan(Study, [instance], [Hash(instance, 0)], out _));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(ChunkSize - 1, 1)]
    [InlineData(ChunkSize, 1)]
    [InlineData(ChunkSize + 1, 2)]
    [InlineData(3L * ChunkSize, 3)]
    public void ChunkCount_AroundChunkBoundaries_LastChunkIsTheRemainder(long length, int expected)
    {
        Assert.Equal(expected, InstanceHashes.ChunkCount(length, ChunkSize));
    }

    [Fact]
    public void Plan_MalformedMissingHash_ThrowsProtocolError()
    {
        var instance = Instance("1.2.3.1", InstanceHasherTests.RandomBytes(ChunkSize, seed: 5));

        Assert.Throws<HandoffProtocolException>(() => new ChunkPlan().Plan(Study, [instance], [ByteString.CopyFrom(1, 2, 3)], out _));
    }

    private static ByteString Hash(SourceInstance instance, int index) => ByteString.CopyFrom(instance.Hashes.Span(index));

    private static SourceInstance Instance(string sop, byte[] bytes) =>
        new(Study, "1.2.3.9", sop, InstanceHasher.Hash(bytes, ChunkSize), sop);
}
