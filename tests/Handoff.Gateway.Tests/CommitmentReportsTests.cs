using Handoff.Dimse.Commitment;
using Handoff.Gateway.Delivery;

namespace Handoff.Gateway.Tests;

/// <summary>
/// Only the PACS asked, answering a transaction this gateway opened, can confirm a commitment: a report from another
/// AE title, or for a transaction nobody waits for, confirms nothing.
/// </summary>
public sealed class CommitmentReportsTests
{
    [Fact]
    public async Task ReportFromThePacsForAnOpenTransaction_CompletesTheWait()
    {
        var reports = new CommitmentReports();
        var (uid, report) = reports.Open("ORTHANC_B");

        Assert.True(reports.Offer("ORTHANC_B", new CommitmentReport(uid, ["1.2.3"], [])));

        Assert.Equal(["1.2.3"], (await report).Committed);
    }

    [Fact]
    public void ReportFromAnotherAeTitle_ConfirmsNothing()
    {
        var reports = new CommitmentReports();
        var (uid, report) = reports.Open("ORTHANC_B");

        Assert.False(reports.Offer("INTRUDER", new CommitmentReport(uid, ["1.2.3"], [])));

        Assert.False(report.IsCompleted);
    }

    [Fact]
    public void ReportForATransactionNobodyOpened_OrOneClosed_ConfirmsNothing()
    {
        var reports = new CommitmentReports();
        var (uid, report) = reports.Open("ORTHANC_B");
        reports.Close(uid);

        Assert.False(reports.Offer("ORTHANC_B", new CommitmentReport("2.25.12345", ["1.2.3"], [])));
        Assert.False(reports.Offer("ORTHANC_B", new CommitmentReport(uid, ["1.2.3"], [])));
        Assert.False(report.IsCompleted);
    }

    [Fact]
    public void TransactionUids_AreUnguessableAndDistinct()
    {
        var reports = new CommitmentReports();
        var uids = Enumerable.Range(0, 100).Select(_ => reports.Open("PACS").TransactionUid).ToList();

        Assert.Equal(100, uids.Distinct().Count());
        Assert.All(uids, uid => Assert.Matches(@"^2\.25\.[1-9][0-9]{20,38}$", uid));
    }
}
