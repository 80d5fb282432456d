using System.IO.Compression;
using Handoff.Cli.Tests.Infrastructure;
using Handoff.Cli.Transfers;
using Handoff.Client;
using Handoff.Dicom.Synthetic;
using Handoff.Testing;

namespace Handoff.Cli.Tests.Transfers;

/// <summary>
/// What `handoff send` finds under a folder or in a zip: every DICOM instance, grouped by study, with chunk hashes
/// that match the bytes; files that are not instances reported and left out.
/// </summary>
public sealed class StudyScannerTests
{
    private const int ChunkSize = 4096;

    [Fact]
    public async Task Scan_FolderWithTwoStudiesAndJunk_GroupsByStudyAndSkipsNonDicom()
    {
        using var folder = new TempFolder();
        WriteStudies(folder.Path);
        File.WriteAllText(folder.Combine("study-a", "notes.txt"), "Patient arrives 03:10, CT head attached.\n");
        File.WriteAllBytes(folder.Combine("viewer.exe"), RandomBytes(3000, seed: 1));

        using var listing = SourceListing.Open(folder.Path);
        var result = await StudyScanner.ScanAsync(listing, ChunkSize);

        AssertStudies(result);
        Assert.Equal(["study-a/notes.txt", "viewer.exe"], result.Skipped.Select(s => s.Name.Replace('\\', '/')).ToArray());
        Assert.All(result.Skipped, skipped => Assert.Contains("not DICOM", skipped.Reason, StringComparison.Ordinal));
        foreach (var instance in result.Studies.SelectMany(s => s.Instances))
        {
            var path = folder.Combine(instance.Source.Name);
            Assert.Equal(InstanceHasher.HashFile(path, ChunkSize).ContentHash, instance.Hashes.ContentHash);
        }
    }

    [Fact]
    public async Task Scan_Zip_SameStudiesAndHashesAsTheFolder()
    {
        using var folder = new TempFolder();
        var source = folder.Combine("export");
        WriteStudies(source);
        File.WriteAllText(Path.Combine(source, "README.txt"), "Exported from PACS.\n");
        var zip = folder.Combine("export.zip");
        ZipFile.CreateFromDirectory(source, zip, CompressionLevel.Fastest, includeBaseDirectory: false);

        using var listing = SourceListing.Open(zip);
        var result = await StudyScanner.ScanAsync(listing, ChunkSize);

        AssertStudies(result);
        Assert.Equal("README.txt", Assert.Single(result.Skipped).Name);
        foreach (var instance in result.Studies.SelectMany(s => s.Instances))
        {
            var onDisk = InstanceHasher.HashFile(Path.Combine(source, instance.Source.Name), ChunkSize);
            Assert.Equal(onDisk.Concatenated.ToArray(), instance.Hashes.Concatenated.ToArray());
        }
    }

    [Fact]
    public async Task OpenChunks_ZipEntry_ReadsTheSameBytesAsTheFile()
    {
        using var folder = new TempFolder();
        var source = folder.Combine("export");
        WriteStudies(source);
        var zip = folder.Combine("export.zip");
        ZipFile.CreateFromDirectory(source, zip, CompressionLevel.Optimal, includeBaseDirectory: false);
        using var listing = SourceListing.Open(zip);
        var instance = (await StudyScanner.ScanAsync(listing, ChunkSize)).Studies[0].Instances[0];
        var expected = File.ReadAllBytes(Path.Combine(source, instance.Source.Name));
        Assert.True(instance.Hashes.Count > 2, "the test needs an instance of several chunks");

        using var context = listing.CreateContext();
        using var reader = instance.Source.OpenChunks(context);
        // Skips chunk 0, as an upload does when the server already has it.
        for (var index = 1; index < instance.Hashes.Count; index++)
        {
            var buffer = new byte[instance.Hashes.LengthOf(index)];
            reader.Read(instance.Hashes.Offset(index), buffer);
            Assert.Equal(expected.AsSpan((int)instance.Hashes.Offset(index), buffer.Length).ToArray(), buffer);
        }
    }

    [Fact]
    public async Task Scan_ZipEntryLargerThanMemoryLimit_ExtractedHashedAndReadable()
    {
        using var folder = new TempFolder();
        var source = folder.Combine("export");
        // 4096 x 4096 x 16 bits: one 32 MiB slice, past the in-memory limit for zip entries.
        var paths = SyntheticCtStudy.Write(source, new SyntheticStudyOptions { Slices = 1, Seed = 41, Rows = 4096, Columns = 4096 });
        var zip = folder.Combine("large.zip");
        ZipFile.CreateFromDirectory(source, zip, CompressionLevel.Fastest, includeBaseDirectory: false);
        Assert.True(new FileInfo(paths[0]).Length > ZipEntrySource.InMemoryLimit);

        using var listing = SourceListing.Open(zip);
        var instance = Assert.Single(Assert.Single((await StudyScanner.ScanAsync(listing, 1024 * 1024)).Studies).Instances);

        Assert.Equal(InstanceHasher.HashFile(paths[0], 1024 * 1024).Concatenated.ToArray(), instance.Hashes.Concatenated.ToArray());
        var extracted = Assert.IsType<FileInstanceSource>(instance.Source);
        Assert.Equal(File.ReadAllBytes(paths[0]), File.ReadAllBytes(extracted.Path));
    }

    [Fact]
    public async Task Scan_SameFileTwice_ListsBothWithOneContentHash()
    {
        using var folder = new TempFolder();
        WriteStudies(folder.Path);
        var original = Directory.GetFiles(folder.Combine("study-a"), "*.dcm", SearchOption.AllDirectories)[0];
        File.Copy(original, folder.Combine("copy-of-slice.dcm"));

        using var listing = SourceListing.Open(folder.Path);
        var result = await StudyScanner.ScanAsync(listing, ChunkSize);

        // The scan reports what is there; the library leaves the copy out of the send (StudyGroupsTests).
        var copies = result.Studies.SelectMany(s => s.Instances).GroupBy(i => i.SopInstanceUid).Single(g => g.Count() == 2).ToArray();
        Assert.Equal(copies[0].Hashes.ContentHash, copies[1].Hashes.ContentHash);
        Assert.Empty(result.Skipped);
    }

    private static byte[] RandomBytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static void WriteStudies(string root)
    {
        SyntheticCtStudy.Write(Path.Combine(root, "study-a"), new SyntheticStudyOptions { Slices = 3, Seed = 11, Rows = 64, Columns = 64 });
        SyntheticCtStudy.Write(Path.Combine(root, "study-b"), new SyntheticStudyOptions { Slices = 4, Series = 2, Seed = 12, Rows = 64, Columns = 64 });
    }

    private static void AssertStudies(ScanResult result)
    {
        Assert.Equal(2, result.Studies.Count);
        var byUid = result.Studies.ToDictionary(s => s.StudyInstanceUid, StringComparer.Ordinal);
        Assert.Equal(3, byUid[SyntheticCtStudy.Uid(11, "study")].Instances.Count);
        Assert.Equal(4, byUid[SyntheticCtStudy.Uid(12, "study")].Instances.Count);
        Assert.All(byUid[SyntheticCtStudy.Uid(12, "study")].Instances, i => Assert.StartsWith("study-b", i.Source.Name, StringComparison.Ordinal));
        Assert.All(result.Studies.SelectMany(s => s.Instances), i => Assert.True(i.Hashes.Count > 1, "64x64 slices span several 4 KiB chunks"));
    }
}
