namespace Handoff.Gateway.Identity;

/// <summary>
/// The patient's identity a delivery writes into every instance: the receiving hospital's own (from a
/// reconciliation), or, without one, only the sending facility's issuer where an instance names none, so a foreign
/// MRN is never filed bare. Patient data: never logged.
/// </summary>
/// <param name="PatientId">The local Patient ID; null to keep the instance's (issuer filling only).</param>
/// <param name="Issuer">Issuer of Patient ID to write (the local one, or the sending facility's where the instance has none).</param>
/// <param name="PatientName">The local Patient's Name; null to keep the instance's.</param>
/// <param name="AccessionNumber">The local Accession Number; null to keep the instance's.</param>
/// <param name="SourceFacility">Where the previous values came from (Source of Previous Values).</param>
public sealed record PatientIdentity(string? PatientId, string Issuer, string? PatientName, string? AccessionNumber, string SourceFacility)
{
    /// <summary>The sending facility's issuer: what the foreign Patient ID kept in Other Patient IDs is issued by when the instance named none.</summary>
    public string? SourceIssuer { get; init; }

    /// <summary>A reconciliation: the destination set the local identity.</summary>
    public bool IsReconciled => PatientId is not null;

    /// <summary>No reconciliation: fill an empty Issuer of Patient ID with the sending facility's.</summary>
    public static PatientIdentity FillIssuer(string sourceIssuer, string sourceFacility) => new(null, sourceIssuer, null, null, sourceFacility);
}
