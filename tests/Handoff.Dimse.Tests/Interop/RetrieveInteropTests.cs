using System.Net;
using Handoff.Dicom;
using Handoff.Dimse.Association;
using Handoff.Dimse.Query;
using Handoff.Dimse.Services;
using Handoff.Dimse.Storage;
using Handoff.Dimse.UpperLayer;
using Handoff.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Handoff.Dimse.Tests.Interop;

/// <summary>
/// C-MOVE as SCU against dcmqrscp: the study asked for arrives at this node's own Storage SCP over the association
/// the PACS opens, and the final response counts it; a destination the PACS does not know is refused with its status.
/// </summary>
public sealed class RetrieveInteropTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly TempFolder _folder = new("dimse-retrieve");
    private DicomServer _server = null!;
    private QueryRetrievePeer _pacs = null!;

    public async Task InitializeAsync()
    {
        var store = new FolderInstanceStore(_ => _folder.Combine("pulled"));
        _server = new DicomServer(new IPEndPoint(IPAddress.Loopback, 0), new StorageProvider("HANDOFF", store), new DicomServerOptions(), NullLogger.Instance);
        _server.Start();
        _pacs = QueryRetrievePeer.Start(("HANDOFF", _server.LocalEndpoint.Port));
        await _pacs.LoadAsync(Deadline, DataSets.MixedSyntaxes[0], DataSets.MixedSyntaxes[1]);
    }

    public async Task DisposeAsync()
    {
        await _pacs.DisposeAsync();
        await _server.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task MoveAsync_AStudyToThisNode_ItsInstanceArrivesAndIsCounted()
    {
        var study = DicomFile.Open(DataSets.MixedSyntaxes[0]).Dataset;
        await using var association = await ConnectAsync();
        var identifier = new DicomDataset()
            .Set(DicomTag.QueryRetrieveLevel, DicomVR.CS, "STUDY")
            .Set(DicomTag.StudyInstanceUID, DicomVR.UI, study.GetString(DicomTag.StudyInstanceUID)!);

        var result = await MoveScu.MoveAsync(association, QueryRetrieveSopClasses.StudyRootMove, identifier, "HANDOFF", null, CancellationToken.None);
        await association.ReleaseAsync();

        Assert.True(result.IsSuccess, $"status 0x{result.Status:X4}, {result.Failed} failed");
        Assert.Equal(1, result.Completed);
        var pulled = Assert.Single(Directory.GetFiles(_folder.Combine("pulled")));
        Assert.Equal(study.GetString(DicomTag.SOPInstanceUID), DataSets.Read(pulled).SopInstanceUid);
    }

    [Fact]
    public async Task MoveAsync_ToADestinationThePacsDoesNotKnow_RefusedWithItsStatus()
    {
        await using var association = await ConnectAsync();
        var identifier = new DicomDataset()
            .Set(DicomTag.QueryRetrieveLevel, DicomVR.CS, "STUDY")
            .Set(DicomTag.StudyInstanceUID, DicomVR.UI, DicomFile.Open(DataSets.MixedSyntaxes[0]).Dataset.GetString(DicomTag.StudyInstanceUID)!);

        var error = await Assert.ThrowsAsync<DimseStatusException>(() =>
            MoveScu.MoveAsync(association, QueryRetrieveSopClasses.StudyRootMove, identifier, "NOBODY", null, CancellationToken.None));

        Assert.Equal(Messages.DimseStatus.MoveDestinationUnknown, error.Status);
        Assert.False(Directory.Exists(_folder.Combine("pulled")) && Directory.GetFiles(_folder.Combine("pulled")).Length > 0);
    }

    private async Task<DicomAssociation> ConnectAsync()
    {
        var request = new AssociationParameters
        {
            CalledAeTitle = QueryRetrievePeer.AeTitle,
            CallingAeTitle = "HANDOFF",
            Proposals = [new PresentationContextProposal(1, QueryRetrieveSopClasses.StudyRootMove, Verification.BasicTransferSyntaxes)],
        };
        return await DicomAssociation.RequestAsync("127.0.0.1", _pacs.Port, request, new PduLimits(), new AssociationTimeouts(), CancellationToken.None);
    }
}
