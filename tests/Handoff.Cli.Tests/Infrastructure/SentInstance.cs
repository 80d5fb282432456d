using System.Security.Cryptography;
using Handoff.Dicom;
using Handoff.Dicom.IO;

namespace Handoff.Cli.Tests.Infrastructure;

/// <summary>
/// One DICOM file a test sends, as the receiving end must see it: its UIDs (which decide where `handoff receive`
/// writes it), the SHA-256 of its bytes, its chunk hashes at the server's chunk size and its content hash (SHA-256 over
/// the raw chunk hashes), and the patient identifiers in it that no log may show. Computed here from the file alone,
/// independently of the client and the server.
/// </summary>
public sealed record SentInstance(
    string Path,
    string StudyInstanceUid,
    string SeriesInstanceUid,
    string SopInstanceUid,
    long Length,
    string Sha256,
    IReadOnlyList<string> ChunkHashes,
    string ContentHash,
    IReadOnlyList<string> PatientIdentifiers)
{
    public static SentInstance Read(string path, int chunkSize)
    {
        var dataset = DicomFile.Open(path, new DicomReadOptions { StopBeforePixelData = true }).Dataset;
        var bytes = File.ReadAllBytes(path);
        var chunkHashes = new List<string>();
        var raw = new List<byte>();
        for (var offset = 0; offset < bytes.Length; offset += chunkSize)
        {
            var hash = SHA256.HashData(bytes.AsSpan(offset, Math.Min(chunkSize, bytes.Length - offset)));
            chunkHashes.Add(Convert.ToHexStringLower(hash));
            raw.AddRange(hash);
        }
        string[] identifiers =
        [
            dataset.GetString(DicomTag.PatientName) ?? string.Empty,
            dataset.GetString(DicomTag.PatientID) ?? string.Empty,
            dataset.GetString(DicomTag.AccessionNumber) ?? string.Empty,
        ];
        return new SentInstance(
            path,
            Required(dataset, DicomTag.StudyInstanceUID, path),
            Required(dataset, DicomTag.SeriesInstanceUID, path),
            Required(dataset, DicomTag.SOPInstanceUID, path),
            bytes.Length,
            Convert.ToHexStringLower(SHA256.HashData(bytes)),
            chunkHashes,
            Convert.ToHexStringLower(SHA256.HashData(raw.ToArray())),
            [.. identifiers.Select(value => value.Trim()).Where(value => value.Length > 0)]);
    }

    /// <summary>Where `handoff receive --out <paramref name="directory"/>` puts this instance.</summary>
    public string ReceivedPath(string directory) =>
        System.IO.Path.Combine(directory, StudyInstanceUid, SeriesInstanceUid, SopInstanceUid + ".dcm");

    private static string Required(DicomDataset dataset, DicomTag tag, string path) =>
        dataset.GetString(tag) is { Length: > 0 } value ? value.Trim() : throw new InvalidDataException($"{path}: no {tag}");
}
