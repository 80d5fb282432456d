namespace Handoff.Dicom;

/// <summary>The one rule for what a UID may be (PS3.5 9.1): 1 to 64 characters, digits and dots only.</summary>
public static class DicomUids
{
    public const int MaxLength = 64;

    public static bool IsValid(ReadOnlySpan<char> value)
    {
        if (value.Length is 0 or > MaxLength)
            return false;
        foreach (var c in value)
        {
            if (c is not ((>= '0' and <= '9') or '.'))
                return false;
        }
        return true;
    }
}
