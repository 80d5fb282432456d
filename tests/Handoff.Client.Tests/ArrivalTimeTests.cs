namespace Handoff.Client.Tests;

/// <summary>How an expected arrival is read, the same for the CLI's --eta, DICOMweb's ?eta= and the web page.</summary>
public sealed class ArrivalTimeTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 20, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("45m", 45 * 60)]
    [InlineData("2h", 2 * 3600)]
    [InlineData("90s", 90)]
    [InlineData(" 1.5H ", 90 * 60)]
    public void Parse_TimeFromNow_AddsItToNow(string text, int seconds) =>
        Assert.Equal(Now.AddSeconds(seconds), ArrivalTime.Parse(text, Now));

    [Theory]
    [InlineData("2026-12-04T21:30:00Z", "2026-12-04T21:30:00Z")]
    [InlineData("2026-12-04T22:30:00+01:00", "2026-12-04T21:30:00Z")]
    [InlineData("2026-12-04T21:30Z", "2026-12-04T21:30:00Z")]
    public void Parse_IsoTimeWithOffset_IsThatInstant(string text, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), ArrivalTime.Parse(text, Now));

    [Theory]
    [InlineData("2026-12-04T21:30:00", "offset")] // no offset: which zone would it be in?
    [InlineData("soon", "not an arrival time")]
    [InlineData("-5m", "not an arrival time")]
    [InlineData("8d", "not an arrival time")]
    [InlineData("200h", "days ahead")]
    [InlineData("2026-12-12T20:00:01Z", "days ahead")]
    [InlineData("2026-12-04T19:50:00Z", "in the past")]
    public void Parse_Unreadable_OrOutOfRange_IsRefusedSayingWhy(string text, string reason)
    {
        var refused = Assert.Throws<FormatException>(() => ArrivalTime.Parse(text, Now));
        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
    }
}
