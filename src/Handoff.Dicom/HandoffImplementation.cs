namespace Handoff.Dicom;

/// <summary>Who wrote a file: the values Handoff puts in (0002,0012) and (0002,0013).</summary>
public static class HandoffImplementation
{
    /// <summary>A UUID-derived UID (PS3.5 B.2), so Handoff needs no registered root.</summary>
    public const string ClassUid = "2.25.10332334396583051787900202433159920420";

    /// <summary>At most 16 characters (SH).</summary>
    public const string VersionName = "HANDOFF_1_0";
}
