namespace Handoff.Contracts.Transfers;

/// <summary>
/// The patient's identity at the receiving hospital, set by the destination: its own Patient ID with the issuer that
/// assigned it, and optionally name and accession number (empty when not given). Patient data: never log it.
/// </summary>
[GenerateSerializer, Immutable, Alias("handoff.PatientReconciliationRecord")]
public sealed record PatientReconciliationRecord(
    [property: Id(0)] string PatientId,
    [property: Id(1)] string IssuerOfPatientId,
    [property: Id(2)] string PatientName,
    [property: Id(3)] string AccessionNumber,
    [property: Id(4)] string By,
    [property: Id(5)] DateTimeOffset At)
{
    /// <summary>Never the identity: a record printed into a log or an exception says only who set it and when.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("IssuerOfPatientId = ").Append(IssuerOfPatientId).Append(", By = ").Append(By).Append(", At = ").Append(At.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        return true;
    }
}
