using Handoff.Dicom;
using Handoff.Dimse.Association;
using Handoff.Dimse.Query;
using Handoff.Dimse.Services;
using Handoff.Dimse.UpperLayer;
using Handoff.Testing;

namespace Handoff.Dimse.Tests.Interop;

/// <summary>
/// C-FIND as SCU against dcmtk's dcmqrscp holding two patients' studies: a patient's studies are found in both the
/// Study Root and the Patient Root models, and a broad query past the match limit is cancelled and said to be cut,
/// with the association still usable.
/// </summary>
public sealed class QueryInteropTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private QueryRetrievePeer _pacs = null!;

    public async Task InitializeAsync()
    {
        _pacs = QueryRetrievePeer.Start();
        await _pacs.LoadAsync(Deadline, DataSets.MixedSyntaxes[0], DataSets.MixedSyntaxes[1]); // CT_small (patient 1CT1), rtplan
    }

    public async Task DisposeAsync() => await _pacs.DisposeAsync();

    [Theory]
    [InlineData(QueryRetrieveSopClasses.StudyRootFind)]
    [InlineData(QueryRetrieveSopClasses.PatientRootFind)]
    public async Task FindAsync_StudiesOfAPatient_TheOneStudyWithItsUid(string model)
    {
        await using var association = await ConnectAsync(model);
        var identifier = new DicomDataset()
            .Set(DicomTag.QueryRetrieveLevel, DicomVR.CS, "STUDY")
            .Set(DicomTag.PatientID, DicomVR.LO, "1CT1")
            .Set(DicomTag.StudyInstanceUID, DicomVR.UI, ""); // return key: universal match

        var result = await FindScu.FindAsync(association, model, identifier, maxMatches: 100, CancellationToken.None);
        await association.ReleaseAsync();

        var match = Assert.Single(result.Matches);
        Assert.False(result.Truncated);
        Assert.Equal(DicomFile.Open(DataSets.MixedSyntaxes[0]).Dataset.GetString(DicomTag.StudyInstanceUID), match.GetString(DicomTag.StudyInstanceUID));
    }

    [Fact]
    public async Task FindAsync_MoreMatchesThanTheLimit_CancelledAndCutThenTheAssociationStillAnswers()
    {
        await using var association = await ConnectAsync(QueryRetrieveSopClasses.StudyRootFind);
        var everyone = new DicomDataset()
            .Set(DicomTag.QueryRetrieveLevel, DicomVR.CS, "STUDY")
            .Set(DicomTag.StudyInstanceUID, DicomVR.UI, ""); // return key: universal match

        var result = await FindScu.FindAsync(association, QueryRetrieveSopClasses.StudyRootFind, everyone, maxMatches: 1, CancellationToken.None);
        var echo = await Verification.EchoAsync(association, CancellationToken.None);
        await association.ReleaseAsync();

        Assert.Single(result.Matches);
        Assert.True(result.Truncated);
        Assert.Equal(Messages.DimseStatus.Success, echo);
    }

    private async Task<DicomAssociation> ConnectAsync(string model)
    {
        var request = new AssociationParameters
        {
            CalledAeTitle = QueryRetrievePeer.AeTitle,
            CallingAeTitle = "HANDOFF",
            Proposals =
            [
                new PresentationContextProposal(1, model, Verification.BasicTransferSyntaxes),
                new PresentationContextProposal(3, Verification.SopClassUid, Verification.BasicTransferSyntaxes),
            ],
        };
        return await DicomAssociation.RequestAsync("127.0.0.1", _pacs.Port, request, new PduLimits(), new AssociationTimeouts(), CancellationToken.None);
    }
}
