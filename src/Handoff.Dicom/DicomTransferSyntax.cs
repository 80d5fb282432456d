namespace Handoff.Dicom;

/// <summary>
/// How a data set is encoded: VR explicit or implicit, byte order, deflate, and whether pixel data is
/// encapsulated (compressed frames kept as fragments). Unknown UIDs are treated as encapsulated explicit VR
/// little endian, which is what every transfer syntax defined since 1998 is.
/// </summary>
public sealed class DicomTransferSyntax
{
    private DicomTransferSyntax(string uid, string name, bool explicitVR, bool bigEndian, bool deflated, bool encapsulated)
    {
        Uid = uid;
        Name = name;
        IsExplicitVR = explicitVR;
        IsBigEndian = bigEndian;
        IsDeflated = deflated;
        IsEncapsulated = encapsulated;
    }

    public string Uid { get; }
    public string Name { get; }
    public bool IsExplicitVR { get; }
    public bool IsBigEndian { get; }
    public bool IsDeflated { get; }
    public bool IsEncapsulated { get; }

    public override string ToString() => $"{Name} ({Uid})";

    public static readonly DicomTransferSyntax ImplicitVRLittleEndian = new("1.2.840.10008.1.2", "Implicit VR Little Endian", false, false, false, false);
    public static readonly DicomTransferSyntax ExplicitVRLittleEndian = new("1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, false, false, false);
    public static readonly DicomTransferSyntax DeflatedExplicitVRLittleEndian = new("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true, false, true, false);
    public static readonly DicomTransferSyntax ExplicitVRBigEndian = new("1.2.840.10008.1.2.2", "Explicit VR Big Endian", true, true, false, false);

    private static readonly (string Uid, string Name)[] EncapsulatedSyntaxes =
    [
        ("1.2.840.10008.1.2.1.98", "Encapsulated Uncompressed Explicit VR Little Endian"),
        ("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)"),
        ("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)"),
        ("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)"),
        ("1.2.840.10008.1.2.4.70", "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])"),
        ("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless Image Compression"),
        ("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless) Image Compression"),
        ("1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)"),
        ("1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression"),
        ("1.2.840.10008.1.2.4.92", "JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only)"),
        ("1.2.840.10008.1.2.4.93", "JPEG 2000 Part 2 Multi-component Image Compression"),
        ("1.2.840.10008.1.2.4.94", "JPIP Referenced"),
        ("1.2.840.10008.1.2.4.95", "JPIP Referenced Deflate"),
        ("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level"),
        ("1.2.840.10008.1.2.4.101", "MPEG2 Main Profile / High Level"),
        ("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1"),
        ("1.2.840.10008.1.2.4.103", "MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1"),
        ("1.2.840.10008.1.2.4.104", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video"),
        ("1.2.840.10008.1.2.4.105", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video"),
        ("1.2.840.10008.1.2.4.106", "MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2"),
        ("1.2.840.10008.1.2.4.107", "HEVC/H.265 Main Profile / Level 5.1"),
        ("1.2.840.10008.1.2.4.108", "HEVC/H.265 Main 10 Profile / Level 5.1"),
        ("1.2.840.10008.1.2.4.110", "JPEG XL Lossless"),
        ("1.2.840.10008.1.2.4.111", "JPEG XL JPEG Recompression"),
        ("1.2.840.10008.1.2.4.112", "JPEG XL"),
        ("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 Image Compression (Lossless Only)"),
        ("1.2.840.10008.1.2.4.202", "High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)"),
        ("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000 Image Compression"),
        ("1.2.840.10008.1.2.5", "RLE Lossless"),
        ("1.2.840.10008.1.2.6.1", "RFC 2557 MIME encapsulation"),
        ("1.2.840.10008.1.2.6.2", "XML Encoding"),
        ("1.2.840.10008.1.2.7.1", "SMPTE ST 2110-20 Uncompressed Progressive Active Video"),
    ];

    private static readonly Dictionary<string, DicomTransferSyntax> ByUid = BuildIndex();

    private static Dictionary<string, DicomTransferSyntax> BuildIndex()
    {
        var index = new Dictionary<string, DicomTransferSyntax>(StringComparer.Ordinal);
        foreach (var ts in new[] { ImplicitVRLittleEndian, ExplicitVRLittleEndian, DeflatedExplicitVRLittleEndian, ExplicitVRBigEndian })
            index[ts.Uid] = ts;
        foreach (var (uid, name) in EncapsulatedSyntaxes)
            index[uid] = new DicomTransferSyntax(uid, name, true, false, uid == "1.2.840.10008.1.2.4.95", true);
        return index;
    }

    /// <summary>The syntax for a UID; an unknown UID gives an encapsulated explicit VR little endian syntax named "Unknown".</summary>
    public static DicomTransferSyntax FromUid(string uid)
    {
        ArgumentNullException.ThrowIfNull(uid);
        var trimmed = uid.TrimEnd('\0', ' ');
        return ByUid.TryGetValue(trimmed, out var ts)
            ? ts
            : new DicomTransferSyntax(trimmed, "Unknown", true, false, false, true);
    }

    public bool IsKnown => Name != "Unknown";
}
