using Handoff.Contracts.Transfers;
using Handoff.Grains.Transfers;

namespace Handoff.Grains.Tests;

/// <summary>Receipts against expected content hashes when one SOP Instance UID sits in two studies of a transfer.</summary>
public sealed class ReceiptComparisonTests
{
    private static readonly InstanceKey First = new("1.2.1", "1.2.9.1");
    private static readonly InstanceKey Second = new("1.2.2", "1.2.9.1");

    private static readonly Dictionary<InstanceKey, string> Expected = new()
    {
        [First] = TestData.Hash("first"),
        [Second] = TestData.Hash("second"),
    };

    [Fact]
    public void Compare_EachInstanceConfirmedWithItsStudy_Accepted()
    {
        var comparison = ReceiptComparison.Compare(Expected, [Receipt(First, "first"), Receipt(Second, "second")]);

        Assert.True(comparison.Accepted);
    }

    [Fact]
    public void Compare_OnlyTheSecondStudysInstance_FirstMissing()
    {
        var comparison = ReceiptComparison.Compare(Expected, [Receipt(Second, "second")]);

        Assert.False(comparison.Accepted);
        Assert.Equal([First], comparison.Missing);
    }

    [Fact]
    public void Compare_AmbiguousReceiptWithoutStudy_ConfirmsNeither()
    {
        var comparison = ReceiptComparison.Compare(Expected, [new InstanceReceipt(First.SopInstanceUid, TestData.Hash("first"))]);

        Assert.Equal([First, Second], comparison.Missing);
        Assert.Single(comparison.Unexpected);
    }

    [Fact]
    public void Compare_ReceiptWithoutStudyForAUniqueUid_Accepted()
    {
        var unique = new Dictionary<InstanceKey, string> { [First] = TestData.Hash("first") };

        Assert.True(ReceiptComparison.Compare(unique, [new InstanceReceipt(First.SopInstanceUid, TestData.Hash("first"))]).Accepted);
    }

    [Fact]
    public void ReceiptHash_SameHashesUnderOtherStudies_Differs()
    {
        var swapped = new Dictionary<InstanceKey, string> { [First] = Expected[Second], [Second] = Expected[First] };

        Assert.NotEqual(ReceiptComparison.ReceiptHash(Expected), ReceiptComparison.ReceiptHash(swapped));
    }

    private static InstanceReceipt Receipt(InstanceKey key, string content) => new(key.SopInstanceUid, TestData.Hash(content), key.StudyInstanceUid);
}
