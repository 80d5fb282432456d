using Grpc.Core;
using Handoff.Client;
using Handoff.Dicom;
using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Server.Tests.Completeness;

/// <summary>
/// What a PACS reported, passed with a declaration (Handoff.Client's SendOptions.Expected, as `pull` does): more than
/// arrived shows the study incomplete at the destination; counts no study can have are refused, naming the field.
/// </summary>
public sealed class ExpectedCountTests : IClassFixture<CompletenessServerFixture>, IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private readonly ServerProcess _server;
    private readonly TempFolder _files = new("expected-counts");

    public ExpectedCountTests(CompletenessServerFixture fixture)
    {
        _server = fixture.Server;
    }

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Send_PacsReportedMoreThanWasSent_DestinationSeesTheStudyIncomplete()
    {
        var (sender, _) = await HandoffApi.RegisterFacilityAsync(_server, "ec-src");
        var (destination, _) = await HandoffApi.RegisterFacilityAsync(_server, "ec-dst");
        var study = LocalStudy.Write(_files.Combine("fewer"), seed: 1503, slices: 3);
        var series = DicomFile.Open(study.Instances[0].Path).Dataset.GetString(DicomTag.SeriesInstanceUID)!;
        using var source = sender.CreateClient();
        var expected = new Dictionary<string, ExpectedInstances>
        {
            [study.StudyInstanceUid] = new() { Study = 5, Series = new Dictionary<string, int> { [series] = 5 } },
        };

        var sent = await source.SendAsync(new FolderInstanceSource(study.ToInstanceFiles()),
            new SendOptions { DestinationFacilityId = "ec-dst", Parallel = 2, Expected = expected });

        using var client = destination.CreateClient();
        var transfer = await Poll.ForAsync(async () =>
        {
            var seen = await client.GetTransferAsync(sent.TransferId);
            return seen.Incomplete && seen.Timeline.Any(e => e.Type == TransferEventType.Incomplete) ? seen : null;
        }, Deadline, "the transfer flagged incomplete");
        var received = Assert.Single(transfer.Studies);
        Assert.Contains("3 of 5 instances the PACS reported for the study arrived", received.IncompleteReason, StringComparison.Ordinal);
        Assert.Contains("3 of 5 instances the PACS reported arrived", received.IncompleteReason, StringComparison.Ordinal);
        var progress = Assert.Single(received.Series);
        Assert.Equal(5, progress.InstancesExpected);
        Assert.Equal(3, progress.InstancesAvailable);
        Assert.Equal(0, progress.InstancesMissing); // numbers 1–3 arrived: the missing ones are past the end
    }

    [Theory]
    [InlineData(-1, 0, "expected_study_instances", "negative")]
    [InlineData(int.MaxValue, 0, null, "not a count a study can have")]
    [InlineData(0, -5, "expected_series[0].instances", "at least 1")]
    [InlineData(0, int.MaxValue, null, "not a count a study can have")]
    public async Task Declare_HostileExpectedCount_InvalidArgumentAndNothingDeclared(int studyCount, int seriesCount, string? field, string message)
    {
        var (sender, _) = await HandoffApi.RegisterFacilityAsync(_server, $"ec-hostile-{Guid.NewGuid():N}"[..30]);
        var study = LocalStudy.Write(_files.Combine($"hostile-{Guid.NewGuid():N}"), seed: 1504, slices: 1, rows: 64, columns: 64);
        var request = study.ToDeclareRequest();
        request.ExpectedStudyInstances = studyCount;
        if (seriesCount != 0)
            request.ExpectedSeries.Add(new ExpectedSeries { SeriesInstanceUid = "1.2.826.0.1.3680043.10.1.77", Instances = seriesCount });

        var failure = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => sender.Uploads.DeclareStudyAsync(request));

        Assert.Contains(message, failure.Status.Detail, StringComparison.Ordinal);
        if (field is not null)
            Assert.Equal(field, RpcAssert.ViolatedField(failure));
        var status = await RpcAssert.FailsWith(StatusCode.NotFound,
            () => sender.Uploads.GetStudyStatusAsync(new GetStudyStatusRequest { StudyInstanceUid = study.StudyInstanceUid }));
        Assert.Contains(study.StudyInstanceUid, status.Status.Detail, StringComparison.Ordinal);
    }
}
