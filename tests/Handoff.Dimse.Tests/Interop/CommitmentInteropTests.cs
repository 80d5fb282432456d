using System.Net;
using System.Threading.Channels;
using Handoff.Dimse.Association;
using Handoff.Dimse.Commitment;
using Handoff.Dimse.Messages;
using Handoff.Dimse.Services;
using Handoff.Dimse.Storage;
using Handoff.Dimse.UpperLayer;
using Handoff.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Handoff.Dimse.Tests.Interop;

/// <summary>
/// Storage commitment against Orthanc: after an instance is stored there, Orthanc commits to it and refuses one it
/// never received, in a report it sends on an association of its own to this node's listener.
/// </summary>
public sealed class CommitmentInteropTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task RequestAsync_StoredAndNeverSentInstances_ReportCommitsOneAndFailsTheOther()
    {
        var reports = Channel.CreateUnbounded<CommitmentReport>();
        await using var listener = new DicomServer(new IPEndPoint(IPAddress.Loopback, 0), new ReportProvider("HANDOFF", reports.Writer), new DicomServerOptions(), NullLogger.Instance);
        listener.Start();
        await using var orthanc = await OrthancPeer.StartAsync("ORTHANC", Deadline, ("HANDOFF", listener.LocalEndpoint.Port));
        var file = StorageScu.Inspect(DataSets.MixedSyntaxes[0]);
        var transaction = $"2.25.{Random.Shared.NextInt64(1, long.MaxValue)}";
        const string neverSent = "1.2.826.0.1.3680043.2.1125.1.99999";

        var request = new AssociationParameters
        {
            CalledAeTitle = orthanc.AeTitle,
            CallingAeTitle = "HANDOFF",
            Proposals = [.. StorageScu.Proposals([file]), new PresentationContextProposal(3, StorageCommitment.SopClassUid, Verification.BasicTransferSyntaxes)],
        };
        await using (var association = await DicomAssociation.RequestAsync("127.0.0.1", orthanc.DicomPort, request, new PduLimits(), new AssociationTimeouts(), CancellationToken.None))
        {
            Assert.Equal(DimseStatus.Success, await StorageScu.StoreAsync(association, file, CancellationToken.None));
            await StorageCommitment.RequestAsync(association, transaction, [(file.SopClassUid, file.SopInstanceUid), (file.SopClassUid, neverSent)], CancellationToken.None);
            await association.ReleaseAsync();
        }
        using var timeout = new CancellationTokenSource(Deadline);
        var report = await reports.Reader.ReadAsync(timeout.Token);

        Assert.Equal(transaction, report.TransactionUid);
        Assert.Equal([file.SopInstanceUid], report.Committed);
        Assert.Equal(neverSent, Assert.Single(report.Failed).SopInstanceUid);
    }

    /// <summary>Accepts Orthanc's report association (granting it the SCP role it asks for) and passes each report on.</summary>
    private sealed class ReportProvider(string aeTitle, ChannelWriter<CommitmentReport> reports) : IDicomServiceProvider
    {
        public AssociationDecision Decide(AssociationParameters request) =>
            request.CalledAeTitle != aeTitle
                ? AssociationDecision.Reject(AssociateRejection.CalledAeNotRecognized)
                : AssociationDecision.Accept(
                    [.. request.Proposals.Select(p => p.AbstractSyntax is StorageCommitment.SopClassUid or Verification.SopClassUid
                        ? new PresentationContextAnswer(p.Id, PresentationContextResult.Acceptance, p.TransferSyntaxes[0])
                        : new PresentationContextAnswer(p.Id, PresentationContextResult.AbstractSyntaxNotSupported, p.TransferSyntaxes[0]))],
                    [.. request.RoleSelections.Where(r => r.SopClassUid == StorageCommitment.SopClassUid)]);

        public async Task HandleAsync(DicomAssociation association, IncomingCommand request, CancellationToken cancellationToken)
        {
            if (request.Command.Field == CommandField.NEventReportRequest && await StorageCommitment.ReceiveReportAsync(association, request, cancellationToken) is { } report)
                await reports.WriteAsync(report, cancellationToken);
            else if (request.Command.Field == CommandField.CEchoRequest)
                await Verification.RespondAsync(association, request, cancellationToken);
        }
    }
}
