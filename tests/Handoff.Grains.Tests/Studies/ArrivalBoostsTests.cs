using Handoff.Grains.Studies;

namespace Handoff.Grains.Tests.Studies;

/// <summary>A study's arrival boosts lapse unless their transfer renews them, so a lost stop cannot make one stick.</summary>
public sealed class ArrivalBoostsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 21, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(20);

    [Fact]
    public void Any_BoostNotRenewedWithinItsLifetime_Lapses()
    {
        var boosts = new ArrivalBoosts();
        boosts.Set(Guid.NewGuid(), behind: true, Now);

        Assert.True(boosts.Any(Now.AddSeconds(15), Lifetime));
        Assert.False(boosts.Any(Now.AddSeconds(25), Lifetime));
    }

    [Fact]
    public void Any_BoostRenewed_Holds()
    {
        var boosts = new ArrivalBoosts();
        var transfer = Guid.NewGuid();
        boosts.Set(transfer, behind: true, Now);
        boosts.Set(transfer, behind: true, Now.AddSeconds(15));

        Assert.True(boosts.Any(Now.AddSeconds(30), Lifetime));
    }

    [Fact]
    public void Any_BoostStopped_Gone()
    {
        var boosts = new ArrivalBoosts();
        var transfer = Guid.NewGuid();
        boosts.Set(transfer, behind: true, Now);
        boosts.Set(transfer, behind: false, Now);

        Assert.False(boosts.Any(Now, Lifetime));
    }
}
