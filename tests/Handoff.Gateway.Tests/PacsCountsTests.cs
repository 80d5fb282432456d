using Handoff.Dicom;
using Handoff.Gateway.Pull;
using Microsoft.Extensions.Logging;

namespace Handoff.Gateway.Tests;

public sealed class PacsCountsTests
{
    private static readonly DicomTag SeriesCount = new(0x0020, 0x1209);

    [Fact]
    public void Read_CountWithinTheServersLimit_IsKept()
    {
        var logger = new WarningLogger();

        Assert.Equal(PacsCounts.MaxCount, PacsCounts.Read(Match(PacsCounts.MaxCount.ToString(System.Globalization.CultureInfo.InvariantCulture)), SeriesCount, logger));
        Assert.Empty(logger.Warnings);
    }

    [Fact]
    public void Read_CountAboveTheServersLimit_IsLeftOutWithAWarning()
    {
        var logger = new WarningLogger();

        // The server refuses a declaration expecting more than 50,000 in a study: believing it would fail the pull.
        Assert.Null(PacsCounts.Read(Match("60000"), SeriesCount, logger));
        Assert.Contains("60000", Assert.Single(logger.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NotANumberOrNotPositive_IsNotSaid()
    {
        var logger = new WarningLogger();

        Assert.Null(PacsCounts.Read(Match("many"), SeriesCount, logger));
        Assert.Null(PacsCounts.Read(Match("0"), SeriesCount, logger));
        Assert.Empty(logger.Warnings);
    }

    private static DicomDataset Match(string count) => new DicomDataset().Set(SeriesCount, DicomVR.IS, count);

    private sealed class WarningLogger : ILogger
    {
        public List<string> Warnings { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
                Warnings.Add(formatter(state, exception));
        }
    }
}
