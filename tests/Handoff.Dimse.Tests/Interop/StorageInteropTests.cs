using System.Globalization;
using System.Net;
using Handoff.Dicom;
using Handoff.Dicom.Synthetic;
using Handoff.Dimse.Association;
using Handoff.Dimse.Messages;
using Handoff.Dimse.Services;
using Handoff.Dimse.Storage;
using Handoff.Dimse.UpperLayer;
using Handoff.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Handoff.Dimse.Tests.Interop;

/// <summary>
/// C-STORE against dcmtk both ways: storescu sends files in five transfer syntaxes and each is stored with its
/// data set exactly as sent; this node sends them to storescp and storescp (bit-preserving) writes the same data
/// sets. The same instance twice keeps one file; the same UID with other bytes is refused; an instance cut short
/// by an A-ABORT leaves nothing behind.
/// </summary>
public sealed class StorageInteropTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private readonly TempFolder _folder = new("dimse-storage");
    private FolderInstanceStore _store = null!;
    private DicomServer _server = null!;

    private string Port => _server.LocalEndpoint.Port.ToString(CultureInfo.InvariantCulture);

    private string StoreDirectory => _folder.Combine("stored");

    public Task InitializeAsync()
    {
        _store = new FolderInstanceStore(_ => StoreDirectory);
        _server = new DicomServer(new IPEndPoint(IPAddress.Loopback, 0), new StorageProvider("HANDOFF", _store), new DicomServerOptions(), NullLogger.Instance);
        _server.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Storescu_FilesInFiveSyntaxes_EachStoredWithItsDataSetAsSent()
    {
        // storescu re-encodes a data set as it sends it, so the oracle for "as sent" is storescp writing
        // bit-preserving (+B) what the same storescu command sends it.
        var port = FreePorts.Take(1)[0];
        var oracle = _folder.Combine("storescp");
        Directory.CreateDirectory(oracle);
        await using var storescp = DicomPeer.Start("storescp", "-aet", "HANDOFF", "+B", "+xa", "--output-directory", oracle, port.ToString(CultureInfo.InvariantCulture));
        await using (var probe = await ConnectAsync(port, "HANDOFF", [new PresentationContextProposal(1, Verification.SopClassUid, Verification.BasicTransferSyntaxes)]))
            await probe.ReleaseAsync(); // storescp is listening

        // storescu proposes one family of syntaxes per run (and may convert an uncompressed file to any
        // uncompressed syntax accepted): explicit little endian, implicit little endian, JPEG lossy, RLE, JPEG 2000.
        foreach (var (files, proposal) in DataSets.BySyntaxFamily())
        {
            foreach (var target in new[] { Port, port.ToString(CultureInfo.InvariantCulture) })
            {
                var store = await DicomPeer.RunAsync(Deadline, "storescu", ["-aet", "MODALITY", "-aec", "HANDOFF", .. proposal, "127.0.0.1", target, .. files]);
                Assert.True(store.ExitCode == 0, store.ToString());
            }
        }

        var bitPreserved = Directory.GetFiles(oracle).ToDictionary(w => DataSets.Read(w).SopInstanceUid);
        foreach (var sent in DataSets.MixedSyntaxes)
        {
            var (_, syntax, sopInstance) = DataSets.Read(sent);
            var stored = Path.Combine(StoreDirectory, sopInstance + ".dcm");
            DataSets.AssertSameDataSet(bitPreserved[sopInstance], stored);
            Assert.Equal(syntax, DataSets.Read(stored).TransferSyntax); // stored in the syntax it was sent in, never converted
        }
        Assert.Empty(Directory.GetFiles(StoreDirectory, "*.part"));
    }

    [Fact]
    public async Task StoreAsync_ToAPeerThatTakesOnlyImplicitLittleEndian_ConvertsUncompressedAndRefusesCompressed()
    {
        var port = FreePorts.Take(1)[0];
        var output = _folder.Combine("storescp-implicit");
        Directory.CreateDirectory(output);
        await using var storescp = DicomPeer.Start("storescp", "-aet", "STORESCP", "+xi", "--output-directory", output, port.ToString(CultureInfo.InvariantCulture));
        var explicitFile = StorageScu.Inspect(DataSets.MixedSyntaxes[0]); // explicit VR little endian
        var jpeg = StorageScu.Inspect(DataSets.MixedSyntaxes[2]);
        Assert.Equal(DicomTransferSyntax.ExplicitVRLittleEndian.Uid, explicitFile.TransferSyntaxUid);

        await using var association = await ConnectAsync(port, "STORESCP", StorageScu.Proposals([explicitFile, jpeg], uncompressedAlternatives: true));
        var converted = await StorageScu.StoreAsync(association, explicitFile, CancellationToken.None);
        var refusal = await Assert.ThrowsAsync<StoreRefusedException>(() => StorageScu.StoreAsync(association, jpeg, CancellationToken.None));
        await association.ReleaseAsync();

        Assert.Equal(DimseStatus.Success, converted);
        Assert.Equal(jpeg.SopInstanceUid, refusal.SopInstanceUid);
        Assert.Contains("in none of the instance's transfer syntaxes", refusal.Message, StringComparison.Ordinal);
        var stored = DicomFile.Open(Assert.Single(Directory.GetFiles(output)));
        var original = DicomFile.Open(explicitFile.Path);
        Assert.Equal(DicomTransferSyntax.ImplicitVRLittleEndian.Uid, stored.TransferSyntax.Uid);
        Assert.Equal(explicitFile.SopInstanceUid, stored.Dataset.GetString(DicomTag.SOPInstanceUID));
        Assert.Equal(PixelBytes(original), PixelBytes(stored));
    }

    private static byte[] PixelBytes(DicomFile file) => ((DicomElement)file.Dataset.Find(DicomTag.PixelData)!).Value.GetBytes().ToArray();

    [Fact]
    public async Task StoreAsync_ToStorescpBitPreserving_TheSameDataSetsArrive()
    {
        var port = FreePorts.Take(1)[0];
        var output = _folder.Combine("storescp");
        Directory.CreateDirectory(output);
        await using var storescp = DicomPeer.Start("storescp", "-aet", "STORESCP", "+B", "+xa", "--output-directory", output, port.ToString(CultureInfo.InvariantCulture));
        var files = DataSets.MixedSyntaxes.Select(StorageScu.Inspect).ToList();

        await using var association = await ConnectAsync(port, "STORESCP", StorageScu.Proposals(files));
        var statuses = new List<ushort>();
        foreach (var file in files)
            statuses.Add(await StorageScu.StoreAsync(association, file, CancellationToken.None));
        await association.ReleaseAsync();

        Assert.All(statuses, s => Assert.Equal(DimseStatus.Success, s));
        var written = Directory.GetFiles(output).ToDictionary(w => DataSets.Read(w).SopInstanceUid);
        foreach (var file in files)
        {
            Assert.True(written.TryGetValue(file.SopInstanceUid, out var copy), $"storescp wrote no file of {file.SopInstanceUid}; it wrote {string.Join(", ", written.Keys)}");
            DataSets.AssertSameDataSet(file.Path, copy);
        }
    }

    [Fact]
    public async Task StoreAsync_SameInstanceTwiceThenOtherBytes_OneFileThenRefusedAsDuplicate()
    {
        var original = StorageScu.Inspect(DataSets.MixedSyntaxes[0]);
        var altered = _folder.Combine("altered.dcm");
        var bytes = File.ReadAllBytes(original.Path);
        bytes[^1] ^= 0xFF; // the last pixel byte: same instance UID, other content
        File.WriteAllBytes(altered, bytes);

        await using var association = await ConnectAsync(_server.LocalEndpoint.Port, "HANDOFF", StorageScu.Proposals([original]));
        var first = await StorageScu.StoreAsync(association, original, CancellationToken.None);
        var again = await StorageScu.StoreAsync(association, original, CancellationToken.None);
        var other = await StorageScu.StoreAsync(association, original with { Path = altered }, CancellationToken.None);
        await association.ReleaseAsync();

        Assert.Equal(DimseStatus.Success, first);
        Assert.Equal(DimseStatus.Success, again);
        Assert.Equal(DimseStatus.DuplicateSopInstance, other);
        DataSets.AssertSameDataSet(original.Path, Assert.Single(Directory.GetFiles(StoreDirectory)));
    }

    [Fact]
    public async Task Abort_InTheMiddleOfAnInstance_NothingOfItIsKept()
    {
        // One 512 x 512 CT slice: its data set spans several PDUs, so the first ones arrive before the abort.
        var slice = SyntheticCtStudy.Write(_folder.Combine("slice"), new SyntheticStudyOptions { Slices = 1, Seed = 5 }).Single();
        var file = StorageScu.Inspect(slice);
        var association = await ConnectAsync(_server.LocalEndpoint.Port, "HANDOFF", StorageScu.Proposals([file]));
        var command = DimseCommands.Request(CommandField.CStoreRequest, file.SopClassUid, association.NextMessageId());
        command.SetString(CommandTags.AffectedSopInstanceUid, file.SopInstanceUid, isUid: true);
        var dataSet = DataSets.Read(slice).DataSet;
        var cutAfter = new PduLimits().MaxDataPduLength + 1000; // more than one fragment, less than the whole
        Assert.True(dataSet.Length > cutAfter, "the slice is too small to be cut");

        await Assert.ThrowsAsync<IOException>(async () =>
            await association.SendAsync(1, command, new CutStream(dataSet, (int)cutAfter), dataSet.Length, CancellationToken.None));
        await Poll.UntilAsync(() => Directory.Exists(StoreDirectory) && Directory.GetFiles(StoreDirectory, "*.part").Length == 1, Deadline, "the instance being written");
        await association.AbortAsync();
        await association.DisposeAsync();

        await Poll.UntilAsync(() => Directory.GetFiles(StoreDirectory).Length == 0, Deadline, "the half instance removed");
        var echo = await DicomPeer.RunAsync(Deadline, "echoscu", "-aec", "HANDOFF", "127.0.0.1", Port);
        Assert.True(echo.ExitCode == 0, echo.ToString());
    }

    private static Task<DicomAssociation> ConnectAsync(int port, string calledAe, IReadOnlyList<PresentationContextProposal> proposals) =>
        Associations.ConnectWhenListeningAsync(port, new AssociationParameters { CalledAeTitle = calledAe, CallingAeTitle = "HANDOFF_SCU", Proposals = proposals }, Deadline);
}
