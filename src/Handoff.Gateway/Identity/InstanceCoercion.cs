using System.Globalization;
using System.Text;
using Handoff.Dicom;

namespace Handoff.Gateway.Identity;

/// <summary>
/// Writes the receiving hospital's patient identity into an instance's data set (PS3.3 C.12.1.1.9, C.7.1.3): Patient
/// ID, Issuer of Patient ID and, when given, Patient's Name and Accession Number are replaced; the values replaced go
/// into an Original Attributes Sequence item (modifying system Handoff, reason COERCE, date-time, the sending facility
/// as source), and the original Patient ID with its issuer into Other Patient IDs Sequence. Pixel data and every other
/// element stay as they were. Without a reconciliation only an empty or absent issuer is filled.
/// </summary>
public static class InstanceCoercion
{
    public const string ModifyingSystem = "Handoff";

    public static readonly DicomTag OtherPatientIDsSequence = new(0x0010, 0x1002);
    public static readonly DicomTag TypeOfPatientID = new(0x0010, 0x0022);
    public static readonly DicomTag ModifiedAttributesSequence = new(0x0400, 0x0550);
    public static readonly DicomTag OriginalAttributesSequence = new(0x0400, 0x0561);
    public static readonly DicomTag AttributeModificationDateTime = new(0x0400, 0x0562);
    public static readonly DicomTag ModifyingSystemTag = new(0x0400, 0x0563);
    public static readonly DicomTag SourceOfPreviousValues = new(0x0400, 0x0564);
    public static readonly DicomTag ReasonForTheAttributeModification = new(0x0400, 0x0565);

    /// <summary>Applies the identity; false when the instance already says what it would write (nothing changed).</summary>
    /// <exception cref="FormatException">A value the instance's character set cannot hold (the reason names the attribute, not the value).</exception>
    public static bool Apply(DicomDataset dataset, PatientIdentity identity, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(identity);
        var wanted = new List<(DicomTag Tag, DicomVR VR, string Value)>();
        if (identity.IsReconciled)
        {
            wanted.Add((DicomTag.PatientID, DicomVR.LO, identity.PatientId!));
            wanted.Add((DicomTag.IssuerOfPatientID, DicomVR.LO, identity.Issuer));
            if (identity.PatientName is { } name)
                wanted.Add((DicomTag.PatientName, DicomVR.PN, name));
            if (identity.AccessionNumber is { } accession)
                wanted.Add((DicomTag.AccessionNumber, DicomVR.SH, accession));
        }
        else if (string.IsNullOrEmpty(dataset.GetString(DicomTag.IssuerOfPatientID)))
        {
            wanted.Add((DicomTag.IssuerOfPatientID, DicomVR.LO, identity.Issuer));
        }
        var changes = wanted.Where(w => !string.Equals(dataset.GetString(w.Tag) ?? "", w.Value, StringComparison.Ordinal)).ToList();
        if (changes.Count == 0)
            return false;
        foreach (var (tag, _, value) in changes)
        {
            if (!Fits(dataset, value))
                throw new FormatException($"the instance's character set ({dataset.CharacterSet}) cannot hold the new {DicomDictionaryName(tag)}");
        }

        var originals = new DicomDataset(parent: dataset);
        foreach (var (tag, vr, _) in changes)
            originals.Add(dataset.Find(tag) ?? new DicomElement(tag, vr, DicomValue.Empty));
        if (changes.Exists(c => c.Tag == DicomTag.PatientID) && dataset.GetString(DicomTag.PatientID) is { Length: > 0 } foreignId)
        {
            // The foreign MRN is kept with who issued it: the instance's issuer, else the sending facility's, never bare.
            var other = new DicomDataset(parent: dataset).Set(DicomTag.PatientID, DicomVR.LO, foreignId);
            if ((dataset.GetString(DicomTag.IssuerOfPatientID) is { Length: > 0 } named ? named : identity.SourceIssuer) is { Length: > 0 } foreignIssuer && Fits(dataset, foreignIssuer))
                other.Set(DicomTag.IssuerOfPatientID, DicomVR.LO, foreignIssuer);
            other.Set(TypeOfPatientID, DicomVR.CS, "TEXT");
            Append(dataset, OtherPatientIDsSequence, other);
        }
        var record = new DicomDataset(parent: dataset)
            .Set(ModifiedAttributesSequence, [originals])
            .Set(AttributeModificationDateTime, DicomVR.DT, now.UtcDateTime.ToString("yyyyMMddHHmmss.ffffff", CultureInfo.InvariantCulture) + "+0000")
            .Set(ModifyingSystemTag, DicomVR.LO, ModifyingSystem)
            .Set(SourceOfPreviousValues, DicomVR.LO, Truncate(identity.SourceFacility, 64))
            .Set(ReasonForTheAttributeModification, DicomVR.CS, "COERCE");
        Append(dataset, OriginalAttributesSequence, record);
        foreach (var (tag, vr, value) in changes)
            dataset.Set(tag, vr, value);
        return true;
    }

    /// <summary>Adds an item to a sequence, keeping the items it has.</summary>
    private static void Append(DicomDataset dataset, DicomTag tag, DicomDataset item)
    {
        var items = dataset.GetSequence(tag)?.Items ?? [];
        dataset.Set(tag, [.. items, item]);
    }

    /// <summary>ASCII always fits; other text needs UTF-8 (ISO_IR 192) or, for Latin-1 characters, ISO_IR 100.</summary>
    private static bool Fits(DicomDataset dataset, string value)
    {
        if (Ascii.IsValid(value))
            return true;
        var terms = dataset.CharacterSet.Terms;
        if (terms.Contains("ISO_IR 192"))
            return true;
        return terms.Count == 1 && terms[0] == "ISO_IR 100" && value.All(c => c <= '\u00FF');
    }

    private static string DicomDictionaryName(DicomTag tag) => Handoff.Dicom.Dictionary.DicomDictionary.KeywordOf(tag) is { Length: > 0 } keyword ? $"{keyword} {tag}" : tag.ToString();

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
