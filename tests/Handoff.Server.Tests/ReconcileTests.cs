using Handoff.Protos.V1;
using Handoff.Server.Tests.Infrastructure;
using Handoff.Testing;

namespace Handoff.Server.Tests;

/// <summary>
/// ReconcilePatient on a real server: the destination sets the local identity, both facilities see that it was set
/// (the timeline never carries the identity, and only the destination reads it back), a retry changes nothing; the source is denied, a stranger gets NOT_FOUND,
/// a field that cannot be the DICOM value it becomes is INVALID_ARGUMENT naming the field and not echoing it, and an
/// acknowledged transfer cannot be reconciled. The transfer carries the source facility's issuer for delivery.
/// </summary>
public sealed class ReconcileTests : IClassFixture<ServerFixture>, IDisposable
{
    private static int s_facilities;

    private readonly ServerProcess _server;
    private readonly TempFolder _files = new("reconcile");

    public ReconcileTests(ServerFixture fixture)
    {
        _server = fixture.Server;
    }

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Reconcile_ByTheDestination_RecordedOnce_IdentityReadOnlyByTheDestination()
    {
        var sent = await SendAsync();
        var request = Request(sent.TransferId);

        var first = await sent.Destination.Transfers.ReconcilePatientAsync(request);
        var again = await sent.Destination.Transfers.ReconcilePatientAsync(request);
        var seenBySource = await sent.Sender.Transfers.GetTransferAsync(new GetTransferRequest { TransferId = sent.TransferId });

        Assert.Equal("RV-000042", first.Reconciliation.PatientId);
        Assert.Equal("RIVERSIDE", first.Reconciliation.IssuerOfPatientId);
        Assert.Equal("DOE^JANE", first.Reconciliation.PatientName);
        Assert.Equal(sent.DestinationId, first.Reconciliation.By);
        var reconciled = Assert.Single(again.Timeline, e => e.Type == TransferEventType.Reconciled);
        Assert.DoesNotContain("RV-000042", reconciled.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("DOE", reconciled.Detail, StringComparison.Ordinal);
        Assert.Null(seenBySource.Reconciliation); // the destination's patient data stays with the destination
        Assert.Contains(seenBySource.Timeline, e => e.Type == TransferEventType.Reconciled);
        Assert.Equal($"{seenBySource.SourceFacilityId.ToUpperInvariant()}-MRN", seenBySource.SourcePatientIdIssuer);
        Assert.DoesNotContain("RV-000042", _server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("DOE^JANE", _server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconcile_BySourceOrStranger_DeniedOrNotFound_NothingRecorded()
    {
        var sent = await SendAsync();
        var (stranger, _) = await HandoffApi.RegisterFacilityAsync(_server, $"rc-stranger-{Interlocked.Increment(ref s_facilities)}");

        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => sent.Sender.Transfers.ReconcilePatientAsync(Request(sent.TransferId)).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.NotFound, () => stranger.Transfers.ReconcilePatientAsync(Request(sent.TransferId)).ResponseAsync);

        var transfer = await sent.Destination.Transfers.GetTransferAsync(new GetTransferRequest { TransferId = sent.TransferId });
        Assert.Null(transfer.Reconciliation);
        Assert.DoesNotContain(transfer.Timeline, e => e.Type == TransferEventType.Reconciled);
    }

    [Theory]
    [InlineData("patient_id", "", "RIVERSIDE", "")]
    [InlineData("patient_id", "RV\\000042", "RIVERSIDE", "")]
    [InlineData("patient_id", "RV-00004200000000000000000000000000000000000000000000000000000000042", "RIVERSIDE", "")]
    [InlineData("issuer_of_patient_id", "RV-000042", "", "")]
    [InlineData("patient_name", "RV-000042", "RIVERSIDE", "A^B^C^D^E^F")]
    public async Task Reconcile_FieldThatCannotBeItsDicomValue_InvalidArgumentNamingItWithoutTheValue(string field, string patientId, string issuer, string name)
    {
        var sent = await SendAsync();
        var request = new ReconcilePatientRequest { TransferId = sent.TransferId, PatientId = patientId, IssuerOfPatientId = issuer, PatientName = name };

        var failure = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => sent.Destination.Transfers.ReconcilePatientAsync(request).ResponseAsync);

        Assert.Equal(field, RpcAssert.ViolatedField(failure));
        if (patientId.Length > 0)
            Assert.DoesNotContain(patientId, failure.Status.Detail, StringComparison.Ordinal);
        Assert.Null((await sent.Destination.Transfers.GetTransferAsync(new GetTransferRequest { TransferId = sent.TransferId })).Reconciliation);
    }

    [Fact]
    public async Task Reconcile_AfterAcknowledgement_FailedPrecondition()
    {
        var sent = await SendAsync();
        var receiver = new TransferReceiver(sent.Destination, sent.TransferId, _files.Combine($"received-{sent.TransferId}"));
        await receiver.ReceiveAllAsync(TimeSpan.FromMinutes(2));
        Assert.True((await sent.Destination.Downloads.AcknowledgeAsync(receiver.ToAcknowledgeRequest())).Accepted);

        var failure = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => sent.Destination.Transfers.ReconcilePatientAsync(Request(sent.TransferId)).ResponseAsync);

        Assert.Contains("Acknowledged", failure.Status.Detail, StringComparison.Ordinal);
    }

    private static ReconcilePatientRequest Request(string transferId) => new()
    {
        TransferId = transferId,
        PatientId = "RV-000042",
        IssuerOfPatientId = "RIVERSIDE",
        PatientName = "DOE^JANE",
        AccessionNumber = "RVACC7",
    };

    private async Task<SentStudy> SendAsync()
    {
        var n = Interlocked.Increment(ref s_facilities);
        return await SentStudy.CreateAsync(_server, $"rc-{n}", _files.Combine($"study-{n}"), seed: 950 + n);
    }
}
