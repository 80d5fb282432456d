using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace Handoff.Dicom.Synthetic;

/// <summary>
/// A synthetic, valid CT study (CT Image Storage, 16-bit MONOCHROME2) written with Handoff's own writer:
/// unique UIDs derived from the seed, a different image per slice (so content-addressed storage cannot
/// deduplicate slices), and deterministic bytes for a given seed. Tests and benchmarks use it.
/// </summary>
public static class SyntheticCtStudy
{
    public const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";

    /// <summary>Writes the study under <paramref name="directory"/> (one folder per series) and returns the file paths.</summary>
    public static IReadOnlyList<string> Write(string directory, SyntheticStudyOptions options)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var paths = new string[options.Slices];
        Parallel.For(0, options.Slices, index =>
        {
            var (series, slice) = Locate(options, index);
            var folder = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"series-{series + 1:D2}"));
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"CT{slice + 1:D5}.dcm"));
            CreateSlice(options, series, slice).Save(path);
            paths[index] = path;
        });
        return paths;
    }

    /// <summary>Which series, and which slice within it, the study's n-th instance is.</summary>
    public static (int Series, int Slice) Locate(SyntheticStudyOptions options, int index)
    {
        ArgumentNullException.ThrowIfNull(options);
        var perSeries = options.Slices / options.Series;
        var series = Math.Min(index / perSeries, options.Series - 1);
        return (series, index - series * perSeries);
    }

    public static DicomFile CreateSlice(SyntheticStudyOptions options, int series, int slice)
    {
        ArgumentNullException.ThrowIfNull(options);
        var seed = options.Seed;
        var ds = new DicomDataset();
        var position = (slice * 1.25).ToString("0.00", CultureInfo.InvariantCulture);
        ds.Set(DicomTag.SpecificCharacterSet, DicomVR.CS, "ISO_IR 100");
        ds.Set(new DicomTag(0x0008, 0x0008), DicomVR.CS, "ORIGINAL", "PRIMARY", "AXIAL");
        ds.Set(DicomTag.SOPClassUID, DicomVR.UI, CtImageStorage);
        ds.Set(DicomTag.SOPInstanceUID, DicomVR.UI, Uid(seed, $"instance/{series}/{slice}"));
        ds.Set(DicomTag.StudyDate, DicomVR.DA, "20260101");
        ds.Set(DicomTag.SeriesDate, DicomVR.DA, "20260101");
        ds.Set(new DicomTag(0x0008, 0x0023), DicomVR.DA, "20260101");
        ds.Set(DicomTag.StudyTime, DicomVR.TM, "120000");
        ds.Set(new DicomTag(0x0008, 0x0031), DicomVR.TM, "120100");
        ds.Set(new DicomTag(0x0008, 0x0033), DicomVR.TM, "120200");
        ds.Set(DicomTag.AccessionNumber, DicomVR.SH, string.Create(CultureInfo.InvariantCulture, $"SYNACC{seed}"));
        ds.Set(DicomTag.Modality, DicomVR.CS, "CT");
        ds.Set(new DicomTag(0x0008, 0x0070), DicomVR.LO, "Handoff Synthetic");
        ds.Set(new DicomTag(0x0008, 0x0090), DicomVR.PN, "");
        ds.Set(DicomTag.StudyDescription, DicomVR.LO, "SYNTHETIC CT HEAD");
        ds.Set(DicomTag.SeriesDescription, DicomVR.LO, string.Create(CultureInfo.InvariantCulture, $"AXIAL {series + 1}"));
        ds.Set(DicomTag.PatientName, DicomVR.PN, string.Create(CultureInfo.InvariantCulture, $"SYNTHETIC^PATIENT{seed}"));
        ds.Set(DicomTag.PatientID, DicomVR.LO, string.Create(CultureInfo.InvariantCulture, $"SYN{seed:D6}"));
        ds.Set(DicomTag.PatientBirthDate, DicomVR.DA, "19700101");
        ds.Set(DicomTag.PatientSex, DicomVR.CS, "O");
        ds.Set(new DicomTag(0x0018, 0x0015), DicomVR.CS, "HEAD"); // a body part makes Laterality unnecessary (General Series, Type 2C)
        ds.Set(new DicomTag(0x0018, 0x0050), DicomVR.DS, "1.25");
        ds.Set(new DicomTag(0x0018, 0x0060), DicomVR.DS, "120");
        ds.Set(new DicomTag(0x0018, 0x5100), DicomVR.CS, "HFS");
        ds.Set(DicomTag.StudyInstanceUID, DicomVR.UI, Uid(seed, "study"));
        ds.Set(DicomTag.SeriesInstanceUID, DicomVR.UI, Uid(seed, $"series/{series}"));
        ds.Set(DicomTag.StudyID, DicomVR.SH, "1");
        ds.Set(DicomTag.SeriesNumber, DicomVR.IS, (series + 1).ToString(CultureInfo.InvariantCulture));
        ds.Set(new DicomTag(0x0020, 0x0012), DicomVR.IS, "1");
        ds.Set(DicomTag.InstanceNumber, DicomVR.IS, (slice + 1).ToString(CultureInfo.InvariantCulture));
        ds.Set(new DicomTag(0x0020, 0x0020), DicomVR.CS, "L", "P");
        ds.Set(new DicomTag(0x0020, 0x0032), DicomVR.DS, "-160", "-160", position);
        ds.Set(new DicomTag(0x0020, 0x0037), DicomVR.DS, "1", "0", "0", "0", "1", "0");
        ds.Set(new DicomTag(0x0020, 0x0052), DicomVR.UI, Uid(seed, "frame-of-reference"));
        ds.Set(new DicomTag(0x0020, 0x1040), DicomVR.LO, "");
        ds.Set(new DicomTag(0x0020, 0x1041), DicomVR.DS, position);
        ds.Set(new DicomTag(0x0028, 0x0002), DicomVR.US, (ushort)1);
        ds.Set(new DicomTag(0x0028, 0x0004), DicomVR.CS, "MONOCHROME2");
        ds.Set(new DicomTag(0x0028, 0x0010), DicomVR.US, (ushort)options.Rows);
        ds.Set(new DicomTag(0x0028, 0x0011), DicomVR.US, (ushort)options.Columns);
        ds.Set(new DicomTag(0x0028, 0x0030), DicomVR.DS, "0.625", "0.625");
        ds.Set(DicomTag.BitsAllocated, DicomVR.US, (ushort)16);
        ds.Set(new DicomTag(0x0028, 0x0101), DicomVR.US, (ushort)12);
        ds.Set(new DicomTag(0x0028, 0x0102), DicomVR.US, (ushort)11);
        ds.Set(DicomTag.PixelRepresentation, DicomVR.US, (ushort)0);
        ds.Set(new DicomTag(0x0028, 0x1050), DicomVR.DS, "40");
        ds.Set(new DicomTag(0x0028, 0x1051), DicomVR.DS, "400");
        ds.Set(new DicomTag(0x0028, 0x1052), DicomVR.DS, "-1024");
        ds.Set(new DicomTag(0x0028, 0x1053), DicomVR.DS, "1");
        ds.Set(DicomTag.PixelData, DicomVR.OW, Pixels(options, series, slice));
        return new DicomFile(new DicomDataset(), ds, DicomTransferSyntax.ExplicitVRLittleEndian);
    }

    /// <summary>A "2.25." UID from a hash of the seed and a name: unique per name, the same for the same seed.</summary>
    public static string Uid(int seed, string name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"handoff-synthetic/{seed}/{name}")), hash);
        var value = new BigInteger(hash[..16], isUnsigned: true);
        return "2.25." + value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A disc phantom whose radius changes along the study, plus noise: every slice differs.</summary>
    private static byte[] Pixels(SyntheticStudyOptions options, int series, int slice)
    {
        var rows = options.Rows;
        var columns = options.Columns;
        var pixels = new byte[rows * columns * 2];
        // HashCode.Combine is randomised per process; this mix is not, so the bytes repeat for a seed.
        var state = (uint)(options.Seed * 73856093 ^ series * 19349663 ^ (slice + 1) * 83492791) | 1u;
        var radius = Math.Min(rows, columns) * (0.3 + 0.1 * Math.Sin(slice * 0.05 + series));
        var radiusSquared = radius * radius;
        for (var y = 0; y < rows; y++)
        {
            var dy = y - rows / 2.0;
            for (var x = 0; x < columns; x++)
            {
                var dx = x - columns / 2.0;
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                var tissue = dx * dx + dy * dy < radiusSquared ? 1064 : 24;
                var value = (ushort)(tissue + (state & 0x1F));
                BinaryPrimitives.WriteUInt16LittleEndian(pixels.AsSpan((y * columns + x) * 2), value);
            }
        }
        return pixels;
    }
}
