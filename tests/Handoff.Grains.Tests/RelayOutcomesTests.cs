using Handoff.Contracts.Federation;
using Handoff.Contracts.Transfers;

namespace Handoff.Grains.Tests;

/// <summary>How a relay ended, as an enum: from the transfer's final state here, and from the text older relays stored.</summary>
public sealed class RelayOutcomesTests
{
    [Theory]
    [InlineData(TransferStatus.Acknowledged, RelayOutcome.Acknowledged)]
    [InlineData(TransferStatus.Cancelled, RelayOutcome.Cancelled)]
    [InlineData(TransferStatus.Expired, RelayOutcome.Expired)]
    [InlineData(TransferStatus.Failed, RelayOutcome.Failed)]
    public void EndedHere_FinalState_ItsOutcome(TransferStatus status, RelayOutcome outcome)
    {
        Assert.Equal(outcome, RelayOutcomes.EndedHere(status));
    }

    [Fact]
    public void EndedHere_EveryOpenState_Null()
    {
        foreach (var status in Enum.GetValues<TransferStatus>().Where(s => !TransferStates.IsFinal(s)))
            Assert.Null(RelayOutcomes.EndedHere(status));
    }

    [Theory]
    [InlineData("acknowledged", RelayOutcome.Acknowledged)]
    [InlineData("cancelled", RelayOutcome.Cancelled)]
    [InlineData("expired", RelayOutcome.Expired)]
    [InlineData("failed", RelayOutcome.Failed)]
    [InlineData("remote Cancelled", RelayOutcome.RemoteCancelled)]
    [InlineData("remote Expired", RelayOutcome.RemoteExpired)]
    [InlineData("remote Failed", RelayOutcome.RemoteFailed)]
    [InlineData("acknowledgement mismatch: the peer's content hashes differ from this cluster's", RelayOutcome.AcknowledgementMismatch)]
    public void FromText_WhatRelaysStoredBefore_SameOutcome(string text, RelayOutcome outcome)
    {
        Assert.Equal(outcome, RelayOutcomes.FromText(text));
    }

    [Fact]
    public void FromText_NothingOrUnknown_Null()
    {
        Assert.Null(RelayOutcomes.FromText(null));
        Assert.Null(RelayOutcomes.FromText("something else"));
    }
}
