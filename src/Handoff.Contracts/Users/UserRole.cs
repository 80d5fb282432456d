namespace Handoff.Contracts.Users;

/// <summary>What a named user of a facility may do.</summary>
public enum UserRole
{
    /// <summary>Sees transfers and views images; changes nothing.</summary>
    Clinician = 0,

    /// <summary>Sends, receives, reconciles and cancels transfers, and reads the facility's audit trail.</summary>
    Coordinator = 1,

    /// <summary>Manages the facility's users and reads its audit trail; sees transfers.</summary>
    Admin = 2,
}
