namespace Handoff.Grains.Tests;

/// <summary>Reminder due times: never negative, never past what reminder timers can carry.</summary>
public sealed class ReminderDueTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Until_Passed_Zero() => Assert.Equal(TimeSpan.Zero, ReminderDue.Until(Now.AddMinutes(-5), Now));

    [Fact]
    public void Until_Soon_ExactlyThatLong() => Assert.Equal(TimeSpan.FromHours(3), ReminderDue.Until(Now.AddHours(3), Now));

    [Fact]
    public void Until_MonthsAway_CappedAtTheMaximum() => Assert.Equal(ReminderDue.Max, ReminderDue.Until(Now.AddDays(90), Now));
}
