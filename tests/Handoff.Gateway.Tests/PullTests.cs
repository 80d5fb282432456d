using System.Net;
using Handoff.Client;
using Handoff.Dicom;
using Handoff.Dicom.Synthetic;
using Handoff.Gateway.Pull;
using Handoff.Protos.V1;
using Handoff.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Handoff.Gateway.Tests;

/// <summary>
/// `pull` against dcmqrscp as the source PACS and a real server: the patient's studies are found, moved to the
/// pull's own Storage SCP and sent; with the patient's transfer already on its way, they join it; a patient the
/// PACS does not know is a clear failure and sends nothing.
/// </summary>
public sealed class PullTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private readonly TempFolder _folder = new("gateway-pull");
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task PatientWithAnOpenTransfer_PriorsAreMovedHereAndJoinThatTransfer()
    {
        var (north, _) = await HandoffApi.RegisterFacilityAsync(_server, "pull-north");
        await HandoffApi.RegisterFacilityAsync(_server, "pull-south");
        var current = LocalStudy.Write(_folder.Combine("current"), seed: 401, slices: 2, rows: 64, columns: 64);
        var prior = SamePatient(SyntheticCtStudy.Write(_folder.Combine("prior"), new SyntheticStudyOptions { Slices = 3, Seed = 402, Rows = 64, Columns = 64 }), current.PatientId);
        var other = SyntheticCtStudy.Write(_folder.Combine("other"), new SyntheticStudyOptions { Slices = 2, Seed = 403, Rows = 64, Columns = 64 });
        var open = await LibraryUpload.SendAsync(north, "pull-south", current);
        var pullPort = FreePorts.Take(1)[0];
        await using var pacs = QueryRetrievePeer.Start(("PULL_AE", pullPort));
        await pacs.LoadAsync(Deadline, [.. prior, .. other]);
        using var client = north.CreateClient();

        var result = await PriorPull.RunAsync(client, Request(pacs, current.PatientId, pullPort), NullLogger.Instance, new CancellationTokenSource(Deadline).Token);

        Assert.True(result.AddedToOpenTransfer);
        Assert.Equal(open.TransferId, result.TransferId);
        Assert.Equal(3, result.Instances);
        var transfer = await client.GetTransferAsync(open.TransferId);
        var priorStudy = DicomFile.Open(prior[0]).Dataset.GetString(DicomTag.StudyInstanceUID);
        Assert.Equal(new[] { current.StudyInstanceUid, priorStudy! }.Order(StringComparer.Ordinal), transfer.Studies.Select(s => s.StudyInstanceUid).Order(StringComparer.Ordinal));
        Assert.Equal(3, transfer.Studies.Single(s => s.StudyInstanceUid == priorStudy).InstancesDeclared);
    }

    [Fact]
    public async Task PatientWithNoOpenTransfer_WithAnEta_TheNewTransferCarriesThePatientsArrival()
    {
        var (north, _) = await HandoffApi.RegisterFacilityAsync(_server, "pull-north-3");
        await HandoffApi.RegisterFacilityAsync(_server, "pull-south-3");
        var pullPort = FreePorts.Take(1)[0];
        await using var pacs = QueryRetrievePeer.Start(("PULL_AE", pullPort));
        var studies = SyntheticCtStudy.Write(_folder.Combine("eta"), new SyntheticStudyOptions { Slices = 2, Seed = 405, Rows = 64, Columns = 64 });
        await pacs.LoadAsync(Deadline, [.. studies]);
        var patientId = DicomFile.Open(studies[0]).Dataset.GetString(DicomTag.PatientID)!;
        var eta = DateTimeOffset.UtcNow.AddMinutes(40);
        using var client = north.CreateClient();

        var result = await PriorPull.RunAsync(client, Request(pacs, patientId, pullPort) with { Destination = "pull-south-3", ExpectedArrival = eta },
            NullLogger.Instance, new CancellationTokenSource(Deadline).Token);

        Assert.False(result.AddedToOpenTransfer);
        var transfer = await client.GetTransferAsync(result.TransferId);
        Assert.Equal(eta.ToUnixTimeMilliseconds(), transfer.ExpectedArrival.ToDateTimeOffset().ToUnixTimeMilliseconds());
        Assert.NotNull(transfer.PredictedReady); // everything was uploaded: ready, in time
        Assert.False(transfer.AtRisk);
    }

    [Fact]
    public async Task PatientTheSourceDoesNotKnow_FailsClearlyAndSendsNothing()
    {
        var (north, _) = await HandoffApi.RegisterFacilityAsync(_server, "pull-north-2");
        await HandoffApi.RegisterFacilityAsync(_server, "pull-south-2");
        var pullPort = FreePorts.Take(1)[0];
        await using var pacs = QueryRetrievePeer.Start(("PULL_AE", pullPort));
        await pacs.LoadAsync(Deadline, [.. SyntheticCtStudy.Write(_folder.Combine("other"), new SyntheticStudyOptions { Slices = 1, Seed = 404, Rows = 64, Columns = 64 })]);
        using var client = north.CreateClient();

        var failure = await Assert.ThrowsAsync<PullFailedException>(() =>
            PriorPull.RunAsync(client, Request(pacs, "NOBODY-HERE", pullPort), NullLogger.Instance, new CancellationTokenSource(Deadline).Token));

        Assert.Contains("no study of this patient", failure.Message, StringComparison.Ordinal);
        Assert.Empty(await client.ListTransfersAsync(Mailbox.Outbox));
    }

    private PullRequest Request(QueryRetrievePeer pacs, string patientId, int pullPort) => new(
        new PacsAddress(QueryRetrievePeer.AeTitle, "127.0.0.1", pacs.Port), patientId, [], "pull-south", Priority.Urgent,
        "PULL_AE", new IPEndPoint(IPAddress.Loopback, pullPort), _folder.Combine($"pulled-{Guid.NewGuid():N}"));

    /// <summary>Rewrites the files' Patient ID: a prior study of the same patient.</summary>
    private static string[] SamePatient(IReadOnlyList<string> files, string patientId)
    {
        foreach (var path in files)
        {
            var file = DicomFile.Open(path);
            file.Dataset.Set(DicomTag.PatientID, DicomVR.LO, patientId);
            file.Save(path);
        }
        return [.. files];
    }
}
