using Handoff.Contracts.Audit;
using Handoff.Grains.Audit;

namespace Handoff.Grains.Tests.Audit;

public sealed class AuditSegmentLayoutTests
{
    [Fact]
    public void Upgrade_NewLog_SegmentsOfTheNewSizeFromSequenceZero()
    {
        var state = new AuditLogGrainState();

        AuditSegmentLayout.Upgrade(state, 256);

        Assert.Equal([new AuditSegmentEra(0, 0, 256)], state.Eras);
        Assert.Equal(512, AuditSegmentLayout.FirstSequenceOf(state.Eras, 2));
        Assert.Equal(1, AuditSegmentLayout.SegmentOf(state.Eras, 511));
    }

    [Fact]
    public void Upgrade_LogWrittenBeforeEras_OldSegmentsKeepTheirSequences()
    {
        // Three sealed segments of 1000 and 400 recent events, as versions without eras left a log.
        var state = new AuditLogGrainState { NextSegment = 3, Recent = [.. Enumerable.Range(0, 400).Select(Event)] };

        AuditSegmentLayout.Upgrade(state, 256);
        AuditSegmentLayout.Upgrade(state, 256);

        Assert.Equal([new AuditSegmentEra(0, 0, 1000), new AuditSegmentEra(3, 3000, 256)], state.Eras);
        Assert.Equal(2, AuditSegmentLayout.SegmentOf(state.Eras, 2999));
        Assert.Equal(3000, AuditSegmentLayout.FirstSequenceOf(state.Eras, 3));
        Assert.Equal(3256, AuditSegmentLayout.FirstSequenceOf(state.Eras, 4));
        Assert.Equal(4, AuditSegmentLayout.SegmentOf(state.Eras, 3256));
        Assert.Equal(1000, AuditSegmentLayout.SizeOf(state.Eras, 2));
        Assert.Equal(256, AuditSegmentLayout.SizeOf(state.Eras, 3));
    }

    [Fact]
    public void Upgrade_SizeChangedBeforeAnySegmentOfTheLastEra_ReplacesThatEra()
    {
        var state = new AuditLogGrainState { NextSegment = 5, Eras = [new AuditSegmentEra(0, 0, 1000), new AuditSegmentEra(5, 5000, 256)] };

        AuditSegmentLayout.Upgrade(state, 128);

        Assert.Equal([new AuditSegmentEra(0, 0, 1000), new AuditSegmentEra(5, 5000, 128)], state.Eras);
    }

    private static AuditEventRecord Event(int n) =>
        new(DateTimeOffset.UnixEpoch.AddSeconds(n), "st-marys", "st-marys", "transfer.get", "transfer", $"object-{n}", "success", "");
}
