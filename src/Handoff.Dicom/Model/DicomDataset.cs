using System.Collections;
using Handoff.Dicom.Text;

namespace Handoff.Dicom;

/// <summary>
/// An ordered set of elements (a whole data set, the file meta group, or a sequence item). Values keep
/// the byte order they were read in (<see cref="IsBigEndian"/>); typed accessors convert on the way out.
/// Items of a sequence know their parent, so they inherit its Specific Character Set unless they override it.
/// </summary>
public sealed partial class DicomDataset : IEnumerable<DicomItem>
{
    private readonly List<DicomItem> _items = [];
    private DicomCharacterSet? _characterSet;

    public DicomDataset(bool isBigEndian = false, DicomDataset? parent = null)
    {
        IsBigEndian = isBigEndian;
        Parent = parent;
    }

    public bool IsBigEndian { get; }

    public DicomDataset? Parent { get; }

    public int Count => _items.Count;

    /// <summary>The character set in force here: this data set's (0008,0005), else the parent's, else the default repertoire.</summary>
    public DicomCharacterSet CharacterSet => _characterSet ??= ResolveCharacterSet();

    public DicomItem? this[DicomTag tag] => Find(tag);

    public DicomItem? Find(DicomTag tag)
    {
        var index = IndexOf(tag);
        return index >= 0 ? _items[index] : null;
    }

    public bool Contains(DicomTag tag) => IndexOf(tag) >= 0;

    /// <summary>Adds an item, replacing one with the same tag; the set stays in ascending tag order.</summary>
    public void Add(DicomItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Tag == DicomTag.SpecificCharacterSet)
            _characterSet = null;
        if (_items.Count == 0 || _items[^1].Tag < item.Tag)
        {
            _items.Add(item); // the reader's case: elements arrive in order
            return;
        }
        var index = IndexOf(item.Tag);
        if (index >= 0)
            _items[index] = item;
        else
            _items.Insert(~index, item);
    }

    public bool Remove(DicomTag tag)
    {
        var index = IndexOf(tag);
        if (index < 0)
            return false;
        _items.RemoveAt(index);
        if (tag == DicomTag.SpecificCharacterSet)
            _characterSet = null;
        return true;
    }

    public IEnumerator<DicomItem> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(DicomTag tag)
    {
        int low = 0, high = _items.Count - 1;
        var key = tag.Value;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            var value = _items[mid].Tag.Value;
            if (value == key)
                return mid;
            if (value < key)
                low = mid + 1;
            else
                high = mid - 1;
        }
        return ~low;
    }

    private DicomCharacterSet ResolveCharacterSet()
    {
        if (Find(DicomTag.SpecificCharacterSet) is DicomElement element)
            return DicomCharacterSet.FromTerms(StringValues.SplitCharacterSetTerms(element.Value.GetBytes().Span));
        return Parent?.CharacterSet ?? DicomCharacterSet.Default;
    }

    /// <summary>Pixel Representation as the implicit VR reader needs it to pick US or SS; 0 when absent.</summary>
    internal int GetPixelRepresentationForImplicitVR()
    {
        for (var set = this; set is not null; set = set.Parent)
        {
            if (set.Find(DicomTag.PixelRepresentation) is DicomElement { Value.Length: >= 2 } element)
            {
                var bytes = element.Value.GetBytes().Span;
                return set.IsBigEndian ? bytes[1] | (bytes[0] << 8) : bytes[0] | (bytes[1] << 8);
            }
        }
        return 0;
    }
}
