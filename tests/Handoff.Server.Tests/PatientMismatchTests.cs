using Handoff.Dicom;
using Handoff.Protos.V1;
using Handoff.Server.Tests.Infrastructure;
using Handoff.Testing;

namespace Handoff.Server.Tests;

/// <summary>
/// A study whose instances name two patients is flagged on its transfer (a patient-mismatch event naming the study
/// and how many, never who, and the study's patient count), not merged silently; a study of one patient is not, even
/// when one of its instances pads the Patient ID with a NUL.
/// </summary>
public sealed class PatientMismatchTests : IClassFixture<ServerFixture>, IDisposable
{
    private readonly ServerProcess _server;
    private readonly TempFolder _files = new("patient-mismatch");

    public PatientMismatchTests(ServerFixture fixture)
    {
        _server = fixture.Server;
    }

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Send_StudyWithAnInstanceOfAnotherPatient_FlaggedOnTheTransfer()
    {
        var (sender, _) = await HandoffApi.RegisterFacilityAsync(_server, "pm-src");
        var (destination, _) = await HandoffApi.RegisterFacilityAsync(_server, "pm-dst");
        var mixed = LocalStudy.Write(_files.Combine("mixed"), seed: 971, slices: 3);
        var intruder = DicomFile.Open(mixed.Instances[1].Path);
        intruder.Dataset.Set(DicomTag.PatientID, DicomVR.LO, "SOMEONE-ELSE");
        intruder.Save(mixed.Instances[1].Path + ".new"); // its pixel data is still read from the original
        File.Move(mixed.Instances[1].Path + ".new", mixed.Instances[1].Path, overwrite: true);
        var clean = LocalStudy.Write(_files.Combine("clean"), seed: 972, slices: 2);
        // A writer that pads with NUL instead of a space names the same patient.
        var padded = DicomFile.Open(clean.Instances[0].Path);
        padded.Dataset.Set(DicomTag.PatientID, DicomVR.LO, System.Text.Encoding.ASCII.GetBytes(clean.PatientId + "\0"));
        padded.Save(clean.Instances[0].Path + ".new");
        File.Move(clean.Instances[0].Path + ".new", clean.Instances[0].Path, overwrite: true);

        var sent = await LibraryUpload.SendAsync(sender, "pm-dst", mixed, clean);
        using var client = destination.CreateClient();
        var transfer = await Poll.ForAsync(async () =>
        {
            var seen = await client.GetTransferAsync(sent.TransferId);
            return seen.State == TransferState.Available ? seen : null;
        }, TimeSpan.FromMinutes(2), "the transfer available");

        var flagged = Assert.Single(transfer.Timeline, e => e.Type == TransferEventType.PatientMismatch);
        Assert.Equal(mixed.StudyInstanceUid, flagged.StudyInstanceUid);
        Assert.Contains("2 different patients", flagged.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("SOMEONE-ELSE", flagged.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(mixed.PatientId, flagged.Detail, StringComparison.Ordinal);
        Assert.Equal(2, transfer.Studies.Single(s => s.StudyInstanceUid == mixed.StudyInstanceUid).Patients);
        Assert.Equal(1, transfer.Studies.Single(s => s.StudyInstanceUid == clean.StudyInstanceUid).Patients);
        Assert.DoesNotContain("SOMEONE-ELSE", _server.Output, StringComparison.Ordinal);
    }
}
