namespace Handoff.Dimse.Query;

/// <summary>The Query/Retrieve information models (PS3.4 annex C) this node uses as SCU.</summary>
public static class QueryRetrieveSopClasses
{
    public const string PatientRootFind = "1.2.840.10008.5.1.4.1.2.1.1";
    public const string PatientRootMove = "1.2.840.10008.5.1.4.1.2.1.2";
    public const string StudyRootFind = "1.2.840.10008.5.1.4.1.2.2.1";
    public const string StudyRootMove = "1.2.840.10008.5.1.4.1.2.2.2";
}
