namespace Handoff.Dicom;

public sealed partial class DicomDataset
{
    /// <summary>The value as text with padding removed (multiple values stay joined by '\'); null when absent or not a string.</summary>
    public string? GetString(DicomTag tag)
    {
        if (Find(tag) is not DicomElement element || !IsText(element.VR))
            return null;
        return StringValues.Trim(StringValues.Decode(this, element), element.VR);
    }

    /// <summary>Each value of a multi-valued string, padding removed; empty when absent.</summary>
    public string[] GetStrings(DicomTag tag)
    {
        if (Find(tag) is not DicomElement element || !IsText(element.VR))
            return [];
        return StringValues.SplitValues(StringValues.Decode(this, element), element.VR);
    }

    /// <summary>Value number <paramref name="index"/> (0-based) of a string element, or null.</summary>
    public string? GetString(DicomTag tag, int index)
    {
        var values = GetStrings(tag);
        return index >= 0 && index < values.Length ? values[index] : null;
    }

    /// <summary>A person name split into its groups and components, or null when absent.</summary>
    public DicomPersonName? GetPersonName(DicomTag tag, int index = 0)
    {
        if (Find(tag) is not DicomElement { VR: DicomVR.PN } element)
            return null;
        var values = StringValues.SplitValues(StringValues.Decode(this, element), DicomVR.PN);
        return index >= 0 && index < values.Length ? DicomPersonName.Parse(values[index]) : null;
    }

    /// <summary>
    /// The private element with <paramref name="elementOffset"/> in the block that <paramref name="creator"/> reserved in
    /// <paramref name="group"/> (PS3.5 7.8.1), or null. Private element numbers move between files; creators do not.
    /// </summary>
    public DicomItem? FindPrivate(ushort group, string creator, byte elementOffset)
    {
        var tag = ResolvePrivateTag(group, creator, elementOffset);
        return tag is { } t ? Find(t) : null;
    }

    /// <summary>The actual tag of a private element, given its creator; null when the creator has no block here.</summary>
    public DicomTag? ResolvePrivateTag(ushort group, string creator, byte elementOffset)
    {
        ArgumentNullException.ThrowIfNull(creator);
        if ((group & 1) == 0)
            return null;
        for (ushort block = 0x10; block <= 0xFF; block++)
        {
            var creatorTag = new DicomTag(group, block);
            if (Contains(creatorTag) && string.Equals(GetString(creatorTag), creator, StringComparison.Ordinal))
                return new DicomTag(group, (ushort)((block << 8) | elementOffset));
        }
        return null;
    }

    /// <summary>The private creator that owns a private element's block, or null.</summary>
    public string? PrivateCreatorOf(DicomTag tag)
    {
        if (!tag.IsPrivate || tag.IsPrivateCreator || tag.Element < 0x1000)
            return null;
        return GetString(new DicomTag(tag.Group, (ushort)(tag.Element >> 8)));
    }

    private static bool IsText(DicomVR vr) => DicomVRInfo.IsString(vr);
}
