using System.Collections.Frozen;

namespace Handoff.Dicom.Dictionary;

/// <summary>
/// Private data elements by their creator (PS3.5 7.8.1): implicit VR data carries no VR, and only a private
/// dictionary knows that Siemens' or GE's (0019,xx0C) is a DS rather than UN. The table is generated from dcmtk's
/// private.dic (OFFIS licence, kept in the generated file), so Handoff and dcmtk name the same VRs.
/// </summary>
public static partial class PrivateDictionary
{
    private static readonly FrozenDictionary<(string Creator, byte Offset), PrivateDictionaryEntry[]> ByCreator =
        Entries.GroupBy(e => (e.Creator, e.ElementOffset)).ToFrozenDictionary(g => g.Key, g => g.ToArray());

    public static int Count => Entries.Length;

    /// <summary>The entry for element <paramref name="tag"/> in the block its creator reserved, or null when unknown.</summary>
    public static PrivateDictionaryEntry? Find(DicomTag tag, string creator)
    {
        ArgumentNullException.ThrowIfNull(creator);
        if (!tag.IsPrivate || tag.Element < 0x1000 || !ByCreator.TryGetValue((creator, (byte)tag.Element), out var entries))
            return null;
        foreach (var entry in entries)
        {
            if (tag.Group >= entry.GroupLow && tag.Group <= entry.GroupHigh)
                return entry;
        }
        return null;
    }

    /// <summary>
    /// The VR of a private element in <paramref name="dataset"/> (whose Private Creator elements were read before it),
    /// or null when its creator or the element is unknown.
    /// </summary>
    public static DicomVR? VROf(DicomDataset dataset, DicomTag tag)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (!tag.IsPrivate || tag.Element < 0x1000)
            return null;
        var creator = dataset.GetString(new DicomTag(tag.Group, (ushort)(tag.Element >> 8)));
        return creator is null ? null : Find(tag, creator)?.VR;
    }
}
