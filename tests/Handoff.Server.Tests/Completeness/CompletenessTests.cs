using System.Globalization;
using Handoff.Client;
using Handoff.Dicom;
using Handoff.Dicom.Synthetic;
using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Server.Tests.Completeness;

/// <summary>
/// Completeness seen through a real server and the client library: a study sent with an instance left behind arrives
/// flagged incomplete with its Instance Number gap; a destination's rules that the study misses give Incomplete events
/// naming them, on both sides, and adding the missing series meets them.
/// </summary>
public sealed class CompletenessTests : IClassFixture<CompletenessServerFixture>, IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private readonly ServerProcess _server;
    private readonly TempFolder _files = new("completeness");

    public CompletenessTests(CompletenessServerFixture fixture)
    {
        _server = fixture.Server;
    }

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Send_StudyWithAnInstanceLeftBehind_DestinationSeesTheGapAndIncomplete()
    {
        var (sender, _) = await HandoffApi.RegisterFacilityAsync(_server, "cg-src");
        var (destination, _) = await HandoffApi.RegisterFacilityAsync(_server, "cg-dst");
        var whole = LocalStudy.Write(_files.Combine("gap"), seed: 1501, slices: 6);
        var sent = await LibraryUpload.SendAsync(sender, "cg-dst", whole.Without(2)); // Instance Number 3 stays behind

        using var client = destination.CreateClient();
        var transfer = await Poll.ForAsync(async () =>
        {
            var seen = await client.GetTransferAsync(sent.TransferId);
            return seen.State == TransferState.Available && seen.Timeline.Any(e => e.Type == TransferEventType.Incomplete) ? seen : null;
        }, Deadline, "the transfer available and flagged incomplete");

        Assert.True(transfer.Incomplete);
        var study = Assert.Single(transfer.Studies);
        Assert.True(study.Incomplete);
        Assert.Contains("instance numbers 3 missing", study.IncompleteReason, StringComparison.Ordinal);
        var series = Assert.Single(study.Series);
        Assert.Equal(5, series.InstancesAvailable);
        Assert.Equal(5, series.InstancesDeclared);
        Assert.Equal(1, series.InstancesMissing);
        var gap = Assert.Single(series.MissingInstanceNumbers);
        Assert.Equal((3, 3), (gap.First, gap.Last));
        Assert.Equal(1.25, series.SliceThickness, 3);
        var incomplete = Assert.Single(transfer.Timeline, e => e.Type == TransferEventType.Incomplete);
        Assert.Equal(whole.StudyInstanceUid, incomplete.StudyInstanceUid);
        Assert.DoesNotContain(whole.PatientId, incomplete.Detail, StringComparison.Ordinal);
        var finding = Assert.Single(transfer.Completeness);
        Assert.Equal("", finding.Rule);

        // The sender sees the same: it can still send what it left behind.
        using var source = sender.CreateClient();
        var sourceView = await source.GetTransferAsync(sent.TransferId);
        Assert.True(sourceView.Incomplete);
        Assert.Contains(sourceView.Timeline, e => e.Type == TransferEventType.Incomplete);

        // It sends what it left behind into the same transfer: the study is whole again, and the timeline says so.
        var leftBehind = LocalStudy.FromFiles(whole.StudyInstanceUid, whole.Seed, [whole.Instances[2].Path]);
        await source.SendAsync(new FolderInstanceSource(leftBehind.ToInstanceFiles()),
            new SendOptions { DestinationFacilityId = "cg-dst", AddToTransferId = sent.TransferId, Parallel = 2 });
        var repaired = await Poll.ForAsync(async () =>
        {
            var seen = await client.GetTransferAsync(sent.TransferId);
            return seen.Timeline.Any(e => e.Type == TransferEventType.CompletenessMet) ? seen : null;
        }, Deadline, "the completeness-met event");
        Assert.False(repaired.Incomplete);
        Assert.Empty(repaired.Completeness);
        Assert.Equal(0, Assert.Single(repaired.Studies.Single().Series).InstancesMissing);
        Assert.Contains(repaired.Timeline, e => e.Type == TransferEventType.CompletenessMet && e.Detail == "the study is whole now");
    }

    [Fact]
    public async Task Send_StudyMissingTheDestinationsRules_IncompleteNamingThem_ThenMetWhenTheSeriesIsAdded()
    {
        var (sender, _) = await HandoffApi.RegisterFacilityAsync(_server, "cr-src");
        var (destination, _) = await HandoffApi.RegisterFacilityAsync(_server, CompletenessServerFixture.RulesDestination);
        // Synthetic CT HEAD: 1.25 mm axial slices, no CTA: both rules fail.
        var study = LocalStudy.Write(_files.Combine("rules"), seed: 1502, slices: 3);
        var sent = await LibraryUpload.SendAsync(sender, CompletenessServerFixture.RulesDestination, study);

        using var client = destination.CreateClient();
        var flagged = await Poll.ForAsync(async () =>
        {
            var seen = await client.GetTransferAsync(sent.TransferId);
            return seen.Timeline.Count(e => e.Type == TransferEventType.Incomplete) == 2 ? seen : null;
        }, Deadline, "two incomplete events");
        Assert.True(flagged.Incomplete);
        Assert.Equal(
            [CompletenessServerFixture.ThinSlices, CompletenessServerFixture.NeedsCta],
            flagged.Completeness.Select(f => f.Rule).ToArray());
        var events = flagged.Timeline.Where(e => e.Type == TransferEventType.Incomplete).Select(e => e.Detail).ToList();
        Assert.Contains(events, d => d.Contains(CompletenessServerFixture.ThinSlices, StringComparison.Ordinal) && d.Contains("Slice Thickness ≤ 1 mm", StringComparison.Ordinal));
        Assert.Contains(events, d => d.Contains(CompletenessServerFixture.NeedsCta, StringComparison.Ordinal));
        Assert.False(Assert.Single(flagged.Studies).Incomplete); // nothing of the study itself is missing

        using var source = sender.CreateClient();
        var sourceView = await source.GetTransferAsync(sent.TransferId);
        Assert.Equal(2, sourceView.Timeline.Count(e => e.Type == TransferEventType.Incomplete));

        // The sender adds a thin CTA series to the same study, into the same transfer.
        var cta = WriteCtaSeries(_files.Combine("cta"), study);
        await source.SendAsync(new FolderInstanceSource(cta.ToInstanceFiles()),
            new SendOptions { DestinationFacilityId = CompletenessServerFixture.RulesDestination, AddToTransferId = sent.TransferId, Parallel = 2 });

        var met = await Poll.ForAsync(async () =>
        {
            var seen = await client.GetTransferAsync(sent.TransferId);
            return seen.Timeline.Count(e => e.Type == TransferEventType.CompletenessMet) == 2 ? seen : null;
        }, Deadline, "two completeness-met events");
        Assert.False(met.Incomplete);
        Assert.Empty(met.Completeness);
        Assert.Contains(met.Timeline, e => e.Type == TransferEventType.CompletenessMet && e.Detail.Contains(CompletenessServerFixture.NeedsCta, StringComparison.Ordinal));
        var ctaSeries = Assert.Single(met.Studies.Single().Series, s => s.Description == "CTA HEAD");
        Assert.Equal(0.625, ctaSeries.SliceThickness, 3);
        var sourceAfter = await source.GetTransferAsync(sent.TransferId);
        Assert.Equal(2, sourceAfter.Timeline.Count(e => e.Type == TransferEventType.CompletenessMet));
    }

    /// <summary>Two 0.625 mm slices of a new series "CTA HEAD" in <paramref name="study"/> (same Study Instance UID).</summary>
    private static LocalStudy WriteCtaSeries(string folder, LocalStudy study)
    {
        Directory.CreateDirectory(folder);
        var options = new SyntheticStudyOptions { Slices = 2, Series = 1, Seed = study.Seed, Rows = 64, Columns = 64 };
        var paths = new List<string>();
        for (var slice = 0; slice < 2; slice++)
        {
            var file = SyntheticCtStudy.CreateSlice(options, series: 7, slice);
            file.Dataset.Set(DicomTag.SeriesDescription, DicomVR.LO, "CTA HEAD");
            file.Dataset.Set(new DicomTag(0x0018, 0x0050), DicomVR.DS, "0.625");
            var path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"CTA{slice + 1}.dcm"));
            file.Save(path);
            paths.Add(path);
        }

        return LocalStudy.FromFiles(study.StudyInstanceUid, study.Seed, paths);
    }
}
