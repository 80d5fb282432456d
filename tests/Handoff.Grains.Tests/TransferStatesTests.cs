using Handoff.Contracts.Transfers;

namespace Handoff.Grains.Tests;

/// <summary>Which transfer states end a transfer, and in which the destination may no longer download.</summary>
public sealed class TransferStatesTests
{
    [Theory]
    [InlineData(TransferStatus.Created, false)]
    [InlineData(TransferStatus.Receiving, false)]
    [InlineData(TransferStatus.Available, false)]
    [InlineData(TransferStatus.Delivered, false)]
    [InlineData(TransferStatus.Acknowledged, true)]
    [InlineData(TransferStatus.Cancelled, true)]
    [InlineData(TransferStatus.Expired, true)]
    [InlineData(TransferStatus.Failed, true)]
    public void IsFinal_EveryState_OnlyAcknowledgedCancelledExpiredFailed(TransferStatus status, bool final)
    {
        Assert.Equal(final, TransferStates.IsFinal(status));
    }

    [Fact]
    public void IsWithdrawn_EveryState_FinalButNotAcknowledged()
    {
        foreach (var status in Enum.GetValues<TransferStatus>())
            Assert.Equal(TransferStates.IsFinal(status) && status != TransferStatus.Acknowledged, TransferStates.IsWithdrawn(status));
    }

    [Fact]
    public void IsFinal_EveryDefinedStateIsCovered_TheoryListsThemAll()
    {
        Assert.Equal(8, Enum.GetValues<TransferStatus>().Length);
    }
}
