using Handoff.Cli.Commands.Transfers;

namespace Handoff.Cli.Tests.Transfers;

public sealed class AuditTimeTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2h", "2025-03-01T10:00:00Z")]
    [InlineData("90m", "2025-03-01T10:30:00Z")]
    [InlineData("30s", "2025-03-01T11:59:30Z")]
    [InlineData("7d", "2025-02-22T12:00:00Z")]
    [InlineData("1w", "2025-02-22T12:00:00Z")]
    [InlineData("1.5h", "2025-03-01T10:30:00Z")]
    [InlineData("2025-02-28", "2025-02-28T00:00:00Z")]
    [InlineData("2025-02-28T08:15:00Z", "2025-02-28T08:15:00Z")]
    [InlineData("2025-02-28T08:15:00", "2025-02-28T08:15:00Z")]
    [InlineData("2025-02-28T08:15:00+02:00", "2025-02-28T06:15:00Z")]
    public void TryParse_IsoOrHowLongAgo_TheTime(string text, string expected)
    {
        Assert.True(AuditTime.TryParse(text, Now, out var value));

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("2x")]
    [InlineData("h")]
    [InlineData("-2h")]
    [InlineData("99999999999d")]
    [InlineData("2025-02-30")]
    public void TryParse_NotATime_False(string text)
    {
        Assert.False(AuditTime.TryParse(text, Now, out _));
    }

    [Fact]
    public void Parse_AuditSinceNotATime_ErrorNamesTheOption()
    {
        var result = HandoffCommandLine.Create().Parse(["audit", "--since", "yesterday"]);

        Assert.Contains(result.Errors, error => error.Message.Contains("--since: 'yesterday' is not a time", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_AuditWithTimesAndLimit_NoErrors()
    {
        var result = HandoffCommandLine.Create().Parse(["audit", "--since", "2h", "--until", "2025-03-01T08:00:00Z", "--limit", "20000", "--json"]);

        Assert.Empty(result.Errors);
    }
}
