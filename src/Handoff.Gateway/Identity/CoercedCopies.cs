using System.Security.Cryptography;
using Handoff.Client;
using Handoff.Dicom;
using Handoff.Dicom.IO;
using Handoff.Dimse.Storage;
using Handoff.Protos.V1;

namespace Handoff.Gateway.Identity;

/// <summary>
/// The copies of a transfer's instances that carry the receiving hospital's patient identity, written beside the
/// received files (DELIVERY/.coerced/&lt;SOP Instance UID&gt;.dcm, temp file then rename): what the PACS is given
/// instead of the file as sent (their SHA-256 goes into the receipt when the delivery finishes). An instance that already says
/// what the identity would write is delivered as sent.
/// </summary>
internal sealed class CoercedCopies(string deliveryFolder)
{
    private const string FolderName = ".coerced";

    private readonly string _folder = Path.Combine(deliveryFolder, FolderName);

    /// <summary>Whether a file under the delivery folder is one of these copies (not a received instance).</summary>
    public static bool IsCopy(string deliveryFolder, string path) =>
        Path.GetRelativePath(deliveryFolder, path).StartsWith(FolderName + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>Where the coerced copy of an instance is written (the UID made safe as a file name, as received files are).</summary>
    public string PathOf(string sopInstanceUid) => Path.Combine(_folder, ReceiveLayout.SafeName(sopInstanceUid) + ".dcm");

    /// <summary>Removes every copy (the identity changed: they carry the old one).</summary>
    public void Clear()
    {
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }

    /// <summary>The identity a delivery writes: the destination's reconciliation, else the source's issuer where none is named.</summary>
    public static PatientIdentity IdentityOf(Transfer transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        var source = transfer.SourceFacilityId;
        var sourceIssuer = transfer.SourcePatientIdIssuer is { Length: > 0 } issuer ? issuer : source;
        if (transfer.Reconciliation is { } local)
            return new PatientIdentity(local.PatientId, local.IssuerOfPatientId, NullIfEmpty(local.PatientName), NullIfEmpty(local.AccessionNumber), source) { SourceIssuer = sourceIssuer };
        return PatientIdentity.FillIssuer(sourceIssuer, source);
    }

    /// <summary>A short name for an identity, for journal file names: never the identity itself.</summary>
    public static string KeyOf(PatientIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var text = string.Join('\n', identity.PatientId ?? "", identity.Issuer, identity.PatientName ?? "", identity.AccessionNumber ?? "");
        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16];
    }

    /// <summary>The file to store for <paramref name="original"/> under <paramref name="identity"/>: a coerced copy, or the original when nothing changes.</summary>
    /// <exception cref="FormatException">The identity cannot be written into this instance (its character set).</exception>
    public StorageScu.FileToStore Prepare(StorageScu.FileToStore original, PatientIdentity identity, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(original);
        var file = DicomFile.Open(original.Path);
        if (!InstanceCoercion.Apply(file.Dataset, identity, now))
            return original;
        Directory.CreateDirectory(_folder);
        var path = PathOf(original.SopInstanceUid);
        var temp = path + ".tmp";
        using (var output = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            file.Write(output);
        File.Move(temp, path, overwrite: true);
        return StorageScu.Inspect(path); // hashed once, for the receipt, when the delivery finishes
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
