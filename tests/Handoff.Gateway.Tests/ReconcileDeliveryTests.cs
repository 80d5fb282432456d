using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Handoff.Dicom;
using Handoff.Gateway.Identity;
using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Gateway.Tests;

/// <summary>
/// The patient's identity at the receiving hospital, end to end with Orthanc as the receiving PACS (STOW-RS): a
/// gateway that holds for reconciliation stores nothing and says why on the timeline until the destination reconciles;
/// then every instance reaches the PACS with the local Patient ID, issuer, name and accession number, the originals in
/// Other Patient IDs and Original Attributes sequences, pixel data unchanged; dciodvfy finds no error the original
/// lacked, dcmdump reads them, and the receipt's delivered hashes are the SHA-256 of what the PACS holds.
/// </summary>
public sealed class ReconcileDeliveryTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private readonly TempFolder _folder = new("gateway-reconcile");
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task HoldForReconcile_NothingStoredUntilReconciled_ThenTheLocalIdentityWithTheOriginalsKept()
    {
        var (north, _) = await HandoffApi.RegisterFacilityAsync(_server, "rc-north");
        var (south, southKey) = await HandoffApi.RegisterFacilityAsync(_server, "rc-south");
        await using var orthanc = await OrthancPeer.StartWithDicomWebAsync("ORTHANC_B", Deadline, new Dictionary<string, (Uri, string?)>());
        await using var gateway = RunningGateway.Start(_server, southKey, new GatewaySettings
        {
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            AeTitle = "SOUTH_GW",
            Deliver = DeliveryTarget.Parse(orthanc.DicomWebRoot.ToString()),
            HoldForReconcile = true,
            Spool = _folder.Combine("spool"),
            DeliveryRetry = (TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1)),
        });
        var study = LocalStudy.Write(_folder.Combine("study"), seed: 901, slices: 3, rows: 64, columns: 64);

        var sent = await LibraryUpload.SendAsync(north, "rc-south", study);
        using var southClient = south.CreateClient();
        var waiting = await Poll.ForAsync(async () =>
            (await southClient.GetTransferAsync(sent.TransferId)).Timeline.FirstOrDefault(e => e.Type == TransferEventType.DeliveryWaiting), Deadline, "the wait for reconciliation on the timeline");
        Assert.Contains($"handoff reconcile {sent.TransferId}", waiting.Detail, StringComparison.Ordinal);
        Assert.Null(await orthanc.FileOfAsync(study.Instances[0].SopInstanceUid));

        await southClient.ReconcilePatientAsync(sent.TransferId, "RV-000042", "RIVERSIDE", "DOE^JANE", "RVACC7");
        var transfer = await Delivered.AcknowledgedAsync(north, sent.TransferId);

        var hashes = transfer.Acknowledgement.Delivery.Delivered.ToDictionary(d => d.SopInstanceUid, d => Convert.ToHexStringLower(d.Sha256.Span));
        Assert.Equal(3, hashes.Count);
        foreach (var instance in study.Instances)
        {
            var held = (await orthanc.FileOfAsync(instance.SopInstanceUid))!;
            var data = DicomFile.Read(held).Dataset;
            var original = DicomFile.Open(instance.Path).Dataset;
            Assert.Equal("RV-000042", data.GetString(DicomTag.PatientID));
            Assert.Equal("RIVERSIDE", data.GetString(DicomTag.IssuerOfPatientID));
            Assert.Equal("DOE^JANE", data.GetString(DicomTag.PatientName));
            Assert.Equal("RVACC7", data.GetString(DicomTag.AccessionNumber));
            var other = Assert.Single(data.GetSequence(InstanceCoercion.OtherPatientIDsSequence)!.Items);
            Assert.Equal(study.PatientId, other.GetString(DicomTag.PatientID));
            var record = Assert.Single(data.GetSequence(InstanceCoercion.OriginalAttributesSequence)!.Items);
            Assert.Equal("COERCE", record.GetString(InstanceCoercion.ReasonForTheAttributeModification));
            Assert.Equal("rc-north", record.GetString(InstanceCoercion.SourceOfPreviousValues));
            var originals = Assert.Single(record.GetSequence(InstanceCoercion.ModifiedAttributesSequence)!.Items);
            Assert.Equal(study.PatientId, originals.GetString(DicomTag.PatientID));
            Assert.Equal(study.PatientName, originals.GetString(DicomTag.PatientName));
            Assert.Equal(original.GetString(DicomTag.AccessionNumber), originals.GetString(DicomTag.AccessionNumber));
            Assert.Equal(((DicomElement)original.Find(DicomTag.PixelData)!).Value.GetBytes().ToArray(), ((DicomElement)data.Find(DicomTag.PixelData)!).Value.GetBytes().ToArray());
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(held)), hashes[instance.SopInstanceUid]);

            var heldPath = _folder.Combine($"held-{instance.SopInstanceUid}.dcm");
            await File.WriteAllBytesAsync(heldPath, held);
            Assert.Subset(Errors(instance.Path), Errors(heldPath));
            Assert.Equal(0, Run("dcmdump", heldPath).ExitCode);
        }
        Assert.Contains(transfer.Timeline, e => e.Type == TransferEventType.Reconciled && !e.Detail.Contains("RV-000042", StringComparison.Ordinal));
    }

    /// <summary>dciodvfy's error lines (the IOD's rules), without the file name.</summary>
    private static HashSet<string> Errors(string path) =>
        [.. Run("dciodvfy", path).Output.Split('\n').Where(l => l.StartsWith("Error", StringComparison.Ordinal))];

    private static (int ExitCode, string Output) Run(string tool, string path)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(path);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error);
    }
}
