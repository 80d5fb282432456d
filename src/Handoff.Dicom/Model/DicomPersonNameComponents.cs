namespace Handoff.Dicom;

/// <summary>The five components of one PN component group.</summary>
public sealed record DicomPersonNameComponents(string Family, string Given, string Middle, string Prefix, string Suffix)
{
    public static DicomPersonNameComponents Parse(string group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var parts = group.Split('^');
        string At(int i) => i < parts.Length ? parts[i].Trim(' ') : string.Empty;
        return new DicomPersonNameComponents(At(0), At(1), At(2), At(3), At(4));
    }
}
