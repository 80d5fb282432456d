namespace Handoff.Contracts.Studies;

/// <summary>A study grain's key: "{facility}/{StudyInstanceUID}". A study is always held for one facility.</summary>
public static class StudyKey
{
    public static string Of(string facilityId, string studyInstanceUid) => $"{facilityId}/{studyInstanceUid}";

    public static (string FacilityId, string StudyInstanceUid) Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
            throw new FormatException($"{Errors.InputEcho.Quote(key)} is not a study key");
        return (key[..slash], key[(slash + 1)..]);
    }
}
