using Handoff.Contracts.Transfers;
using Handoff.Server.Errors;
using V1 = Handoff.Protos.V1;

namespace Handoff.Server.Mapping;

/// <summary>
/// A ReconcilePatient request checked field by field against the DICOM value representation each is written as
/// (Patient ID and issuer LO, name PN, accession SH). Messages name the field and the rule, never the value: these are
/// patient data and errors reach logs.
/// </summary>
public static class ReconciliationMapping
{
    public static PatientReconciliationRecord ToContract(V1.ReconcilePatientRequest request, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new PatientReconciliationRecord(
            Text(request.PatientId, "patient_id", 64, required: true),
            Text(request.IssuerOfPatientId, "issuer_of_patient_id", 64, required: true),
            PersonName(request.PatientName, "patient_name"),
            Text(request.AccessionNumber, "accession_number", 16, required: false),
            by,
            at);
    }

    public static V1.PatientReconciliation ToProto(this PatientReconciliationRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new V1.PatientReconciliation
        {
            PatientId = record.PatientId,
            IssuerOfPatientId = record.IssuerOfPatientId,
            PatientName = record.PatientName,
            AccessionNumber = record.AccessionNumber,
            By = record.By,
            At = ProtoTime.From(record.At),
        };
    }

    /// <summary>LO/SH: at most <paramref name="max"/> characters, no backslash (a value separator) or control characters.</summary>
    private static string Text(string? value, string field, int max, bool required)
    {
        value = (value ?? "").Trim();
        if (value.Length == 0)
            return required ? throw new InvalidFieldException(field, $"{field} is required") : "";
        if (value.Length > max)
            throw new InvalidFieldException(field, $"{field} is longer than the {max} characters DICOM allows");
        if (value.Any(c => c == '\\' || char.IsControl(c)))
            throw new InvalidFieldException(field, $"{field} contains a backslash or a control character");
        return value;
    }

    /// <summary>PN: up to three component groups (=) of up to five components (^), each group at most 64 characters.</summary>
    private static string PersonName(string? value, string field)
    {
        value = (value ?? "").Trim();
        if (value.Length == 0)
            return "";
        var groups = value.Split('=');
        if (groups.Length > 3 || groups.Any(g => g.Length > 64 || g.Split('^').Length > 5))
            throw new InvalidFieldException(field, $"{field} is not a DICOM person name (family^given^middle^prefix^suffix, at most 64 characters a group)");
        if (value.Any(c => c == '\\' || char.IsControl(c)))
            throw new InvalidFieldException(field, $"{field} contains a backslash or a control character");
        return value;
    }
}
