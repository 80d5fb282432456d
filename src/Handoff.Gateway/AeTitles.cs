namespace Handoff.Gateway;

/// <summary>The one rule for what an AE title may be (PS3.5 AE: 16 characters, no backslash or control characters; not all spaces).</summary>
public static class AeTitles
{
    public static bool IsValid(string? title)
    {
        if (string.IsNullOrWhiteSpace(title) || title.Length > 16)
            return false;
        foreach (var c in title)
        {
            if (c is < ' ' or > '~' or '\\')
                return false;
        }
        return true;
    }
}
