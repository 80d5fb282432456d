using System.Collections.Frozen;

namespace Handoff.Dicom.Dictionary;

/// <summary>
/// The PS3.6 data dictionary. The entry table lives in Generated/DicomDictionary.Entries.g.cs, produced by
/// tools/Handoff.Dicom.DictionaryGenerator; this half holds the lookups, which sit on the parser's hot path
/// (implicit VR data calls <see cref="ImplicitVR"/> once per element), so they do not allocate.
/// </summary>
public static partial class DicomDictionary
{
    private const uint ExactMask = 0xFFFFFFFF;

    // PS3.5 7.6: the repeating groups 50xx, 60xx and 7Fxx only cover the even groups xx = 00-1E. Without this
    // bound (7FE0,0011) would pass as Variable Next Data Group and (6022,3000) as Overlay Data.
    private const uint RepeatingGroupMaxLowByte = 0x1E;

    // (gggg,0000) exists in every group, private ones included, and is always UL (PS3.5 7.2).
    private static readonly DicomDictionaryEntry GroupLength =
        new(0x00000000, 0x0000FFFF, "GenericGroupLength", "Generic Group Length", DicomVR.UL, DicomVR.None, "1", false);

    // Tag/Mask give odd group, element 00xx; Find applies the exact 0010-00FF range (DicomTag.IsPrivateCreator).
    private static readonly DicomDictionaryEntry PrivateCreator =
        new(0x00010000, 0x0001FF00, "PrivateCreator", "Private Creator", DicomVR.LO, DicomVR.None, "1", false);

    /// <summary>All standard entries, sorted by tag; the synthetic group-length and private-creator entries are not included.</summary>
    internal static IReadOnlyList<DicomDictionaryEntry> All => Entries;

    /// <summary>
    /// The entry for <paramref name="tag"/>: an exact entry, else a group length or private creator, else a
    /// repeating-group/element entry. Private tags never match standard entries. Null when unknown.
    /// </summary>
    public static DicomDictionaryEntry? Find(DicomTag tag)
    {
        if (!tag.IsPrivate && TagIndex.Exact.TryGetValue(tag.Value, out var entry))
            return entry;
        if (tag.IsGroupLength)
            return GroupLength;
        if (tag.IsPrivate)
            return tag.IsPrivateCreator ? PrivateCreator : null;
        return FindRepeating(tag.Value);
    }

    /// <summary>The standard entry with this keyword (ordinal, case-sensitive), or null.</summary>
    public static DicomDictionaryEntry? FindByKeyword(string keyword)
    {
        ArgumentNullException.ThrowIfNull(keyword);
        return KeywordIndex.ByKeyword.TryGetValue(keyword, out var entry) ? entry : null;
    }

    /// <summary>
    /// The VR to assume for <paramref name="tag"/> in implicit VR data: UN when unknown or private, LO for private
    /// creators, UL for group lengths, None for item and delimiter tags. "US or SS" entries give US: the reader
    /// resolves them from Pixel Representation. "OB or OW" entries give OW, because PS3.5 A.1 fixes Pixel, Overlay
    /// and Waveform Data at OW in Implicit VR Little Endian and OB is only allowed where the VR is explicit.
    /// </summary>
    public static DicomVR ImplicitVR(DicomTag tag)
    {
        var entry = Find(tag);
        if (entry is null)
            return DicomVR.UN;
        return entry.VR == DicomVR.OB && entry.AlternateVR == DicomVR.OW ? DicomVR.OW : entry.VR;
    }

    /// <summary>The keyword for <paramref name="tag"/>, "GenericGroupLength"/"PrivateCreator" for those, else "".</summary>
    public static string KeywordOf(DicomTag tag) => Find(tag)?.Keyword ?? string.Empty;

    private static DicomDictionaryEntry? FindRepeating(uint value)
    {
        // About 90 entries, reached only for tags that are neither standard exact nor private, so a linear scan
        // costs less than any index would save.
        var entries = TagIndex.Repeating;
        for (var i = 0; i < entries.Length; i++)
        {
            var e = entries[i];
            if ((value & e.Mask) != e.Tag)
                continue;
            if ((e.Mask & 0x00FF0000) == 0 && ((value >> 16) & 0xFF) > RepeatingGroupMaxLowByte)
                continue;
            return e;
        }

        return null;
    }

    // Nested holders defer building each index to its first use, thread-safely, via the type initializer;
    // the keyword index stays unbuilt in a parse that never asks for one.
    private static class TagIndex
    {
        public static readonly FrozenDictionary<uint, DicomDictionaryEntry> Exact = BuildExact();
        public static readonly DicomDictionaryEntry[] Repeating = BuildRepeating();

        private static FrozenDictionary<uint, DicomDictionaryEntry> BuildExact()
        {
            var map = new Dictionary<uint, DicomDictionaryEntry>(Entries.Length);
            foreach (var e in Entries)
            {
                if (e.Mask == ExactMask)
                    map.Add(e.Tag, e);
            }

            return map.ToFrozenDictionary();
        }

        private static DicomDictionaryEntry[] BuildRepeating()
        {
            var list = new List<DicomDictionaryEntry>();
            foreach (var e in Entries)
            {
                if (e.Mask != ExactMask)
                    list.Add(e);
            }

            return [.. list];
        }
    }

    private static class KeywordIndex
    {
        public static readonly FrozenDictionary<string, DicomDictionaryEntry> ByKeyword = Build();

        private static FrozenDictionary<string, DicomDictionaryEntry> Build()
        {
            var map = new Dictionary<string, DicomDictionaryEntry>(Entries.Length, StringComparer.Ordinal);
            foreach (var e in Entries)
                map.Add(e.Keyword, e);
            return map.ToFrozenDictionary(StringComparer.Ordinal);
        }
    }
}
