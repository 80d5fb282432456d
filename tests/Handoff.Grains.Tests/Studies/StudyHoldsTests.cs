using Handoff.Grains.Studies;

namespace Handoff.Grains.Tests.Studies;

/// <summary>Which transfers keep a study, and until when it is kept when nobody releases it.</summary>
public sealed class StudyHoldsTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    private readonly StudyGrainState _state = new();

    [Fact]
    public void Attach_NewTransfer_ListensAndHolds()
    {
        var holds = new StudyHolds(_state);
        var transfer = Guid.NewGuid();

        Assert.True(holds.Attach(transfer, Now + Retention));

        Assert.Equal([transfer], holds.Listeners);
        Assert.Equal(Now + Retention, _state.Holds[transfer]);
    }

    [Fact]
    public void Attach_Retried_KeepsTheFirstHoldsEnd_NoChange()
    {
        var holds = new StudyHolds(_state);
        var transfer = Guid.NewGuid();
        holds.Attach(transfer, Now + Retention);

        Assert.False(holds.Attach(transfer, Now + Retention + TimeSpan.FromDays(1)));

        Assert.Equal(Now + Retention, _state.Holds[transfer]);
        Assert.Single(holds.Listeners);
    }

    [Fact]
    public void Detach_Listening_StopsListeningButKeepsTheHold()
    {
        var holds = new StudyHolds(_state);
        var transfer = Guid.NewGuid();
        holds.Attach(transfer, Now + Retention);

        Assert.True(holds.Detach(transfer));
        Assert.False(holds.Detach(transfer));

        Assert.Empty(holds.Listeners);
        Assert.Equal(1, holds.Count);
    }

    [Fact]
    public void Release_TwoHolders_StillHeldThenLastReleased()
    {
        var holds = new StudyHolds(_state);
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        holds.Attach(first, Now + Retention);
        holds.Attach(second, Now + Retention);

        Assert.Equal(HoldRelease.StillHeld, holds.Release(first));
        Assert.Equal(HoldRelease.LastReleased, holds.Release(second));
        Assert.Equal(HoldRelease.NotHeld, holds.Release(second));
    }

    [Fact]
    public void Release_DetachedButHeld_LastReleased()
    {
        var holds = new StudyHolds(_state);
        var transfer = Guid.NewGuid();
        holds.Attach(transfer, Now + Retention);
        holds.Detach(transfer);

        Assert.Equal(HoldRelease.LastReleased, holds.Release(transfer));
    }

    [Fact]
    public void Release_ListenerWithoutHoldStoredBeforeHoldsExisted_WaitsForEveryListener()
    {
        var (old, held) = (Guid.NewGuid(), Guid.NewGuid());
        _state.Transfers.Add(old);
        var holds = new StudyHolds(_state);
        holds.Attach(held, Now + Retention);

        Assert.Equal(HoldRelease.StillHeld, holds.Release(held));
        Assert.Equal(HoldRelease.LastReleased, holds.Release(old));
    }

    [Fact]
    public void RetainedUntil_NoHolds_RetentionAfterLastChange()
    {
        Assert.Equal(Now + Retention, new StudyHolds(_state).RetainedUntil(Now, Retention));
    }

    [Fact]
    public void RetainedUntil_Holds_LatestHoldEndPlusGrace()
    {
        var holds = new StudyHolds(_state);
        holds.Attach(Guid.NewGuid(), Now + TimeSpan.FromDays(3));
        holds.Attach(Guid.NewGuid(), Now + TimeSpan.FromDays(9));
        holds.Attach(Guid.NewGuid(), Now + TimeSpan.FromDays(5));

        Assert.Equal(Now + TimeSpan.FromDays(9) + StudyHolds.HoldGrace, holds.RetainedUntil(Now, Retention));
    }

    [Fact]
    public void HasEnded_JustBeforeWithinASecond_True_EarlierFalse()
    {
        Assert.True(StudyHolds.HasEnded(Now, Now - TimeSpan.FromMilliseconds(500)));
        Assert.True(StudyHolds.HasEnded(Now, Now + TimeSpan.FromDays(1)));
        Assert.False(StudyHolds.HasEnded(Now, Now - TimeSpan.FromSeconds(5)));
    }
}
