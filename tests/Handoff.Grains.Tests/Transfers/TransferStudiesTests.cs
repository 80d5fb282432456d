using Handoff.Contracts.Transfers;
using Handoff.Grains.Transfers;

namespace Handoff.Grains.Tests.Transfers;

/// <summary>The studies a transfer carries with their latest totals.</summary>
public sealed class TransferStudiesTests
{
    private static TransferStudyRecord Study(string uid, bool complete, int declared = 2) => new(uid, declared, complete ? declared : 0, declared * 100L, complete);

    [Fact]
    public void NotCarried_SomeAlreadyCarried_OnlyTheNewInOrder()
    {
        var studies = new TransferStudies([Study("1.1", true)]);

        Assert.Equal(["1.3", "1.2"], studies.NotCarried(["1.3", "1.1", "1.2"]));
    }

    [Fact]
    public void AllComplete_OneIncomplete_False_ThenTrue()
    {
        var stored = new List<TransferStudyRecord> { Study("1.1", true), Study("1.2", false) };
        var studies = new TransferStudies(stored);
        Assert.False(studies.AllComplete);

        studies.Update("1.2", Study("1.2", true));

        Assert.True(studies.AllComplete);
        Assert.True(stored[1].Complete);
    }

    [Fact]
    public void Update_UnknownStudy_NullAndNothingChanged()
    {
        var stored = new List<TransferStudyRecord> { Study("1.1", false) };

        Assert.Null(new TransferStudies(stored).Update("9.9", Study("9.9", true)));
        Assert.Equal([Study("1.1", false)], stored);
    }

    [Fact]
    public void Update_TotalsNamingTheStudyOtherwise_KeepsTheCarriedUid_ReturnsBeforeAndAfter()
    {
        var studies = new TransferStudies([Study("1.1", false)]);

        var (before, after) = studies.Update("1.1", Study("other", true)) ?? throw new InvalidOperationException("not carried");

        Assert.False(before.Complete);
        Assert.Equal(Study("1.1", true), after);
        Assert.Equal(["1.1"], studies.Uids());
    }

    [Fact]
    public void ToArray_ThenChanged_SnapshotUnchanged()
    {
        var studies = new TransferStudies([Study("1.1", false)]);
        var snapshot = studies.ToArray();

        studies.AddRange([Study("1.2", true)]);

        Assert.Single(snapshot);
        Assert.Equal(2, studies.Count);
    }
}
