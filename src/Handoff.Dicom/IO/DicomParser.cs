using Handoff.Dicom.Dictionary;

namespace Handoff.Dicom.IO;

/// <summary>
/// Parses data set elements from a cursor in one encoding (explicit or implicit VR, little or big endian).
/// Every loop consumes at least one element header, every declared length is checked against what remains
/// before anything is taken, and nesting is bounded: malformed input ends in <see cref="DicomFormatException"/>.
/// </summary>
internal sealed class DicomParser
{
    private const uint UndefinedLength = 0xFFFFFFFF;

    private readonly SourceCursor _cursor;
    private readonly DicomReadOptions _options;

    public DicomParser(SourceCursor cursor, DicomReadOptions options)
    {
        _cursor = cursor;
        _options = options;
    }

    /// <summary>True when parsing stopped at pixel data because of <see cref="DicomReadOptions.StopBeforePixelData"/>.</summary>
    public bool StoppedBeforePixelData { get; private set; }

    /// <summary>Reads top-level elements up to <paramref name="end"/>, skipping trailing padding.</summary>
    public void ParseTopLevel(DicomDataset dataset, long end, bool explicitVR)
    {
        var encoding = new Encoding(explicitVR, dataset.IsBigEndian);
        while (_cursor.Position < end)
        {
            if (end - _cursor.Position < 8 && IsZeroTail(end))
                return;
            var start = _cursor.Position;
            var header = ReadHeader(encoding, end);
            if (_options.StopBeforePixelData && header.Tag.Value >= 0x7FE00008 && header.Tag.Group == 0x7FE0)
            {
                _cursor.Position = start;
                StoppedBeforePixelData = true;
                return;
            }
            if (header.Tag.Group == 0xFFFE)
                throw new DicomFormatException("item or delimiter tag outside a sequence", start, header.Tag);
            var item = ReadValue(dataset, header, encoding, end, depth: 0);
            if (item is not null && header.Tag != DicomTag.DataSetTrailingPadding)
                dataset.Add(item);
        }
    }

    private bool IsZeroTail(long end)
    {
        foreach (var b in _cursor.Peek((int)(end - _cursor.Position)))
        {
            if (b != 0)
                return false;
        }
        _cursor.Position = end;
        return true;
    }

    private ElementHeader ReadHeader(Encoding encoding, long end)
    {
        var start = _cursor.Position;
        if (end - start < 8)
            throw new DicomFormatException($"element header needs 8 bytes, {end - start} remain", start);
        var group = _cursor.ReadUInt16(encoding.BigEndian);
        var element = _cursor.ReadUInt16(encoding.BigEndian);
        var tag = new DicomTag(group, element);
        if (group == 0xFFFE)
            return new ElementHeader(tag, DicomVR.None, _cursor.ReadUInt32(encoding.BigEndian), start);
        if (!encoding.ExplicitVR)
            return new ElementHeader(tag, DicomVR.None, _cursor.ReadUInt32(encoding.BigEndian), start);

        var vrBytes = _cursor.Peek(2);
        var vr = DicomVRInfo.FromBytes(vrBytes[0], vrBytes[1]);
        if (vr == DicomVR.None)
        {
            // Not a VR: some writers mix implicit elements into explicit data sets; dcmtk reads them the same way.
            return new ElementHeader(tag, DicomVR.None, _cursor.ReadUInt32(encoding.BigEndian), start);
        }
        _cursor.Position += 2;
        if (!DicomVRInfo.HasLongLength(vr))
            return new ElementHeader(tag, vr, _cursor.ReadUInt16(encoding.BigEndian), start);
        if (end - _cursor.Position < 6)
            throw new DicomFormatException($"{vr.Code()} header needs 12 bytes", start, tag);
        _cursor.Position += 2;
        return new ElementHeader(tag, vr, _cursor.ReadUInt32(encoding.BigEndian), start);
    }

    private DicomItem? ReadValue(DicomDataset dataset, ElementHeader header, Encoding encoding, long end, int depth)
    {
        var tag = header.Tag;
        var vr = header.VR == DicomVR.None ? ImplicitVR(dataset, tag) : header.VR;
        if (header.Length == UndefinedLength)
        {
            if (vr is DicomVR.OB or DicomVR.OW || (tag == DicomTag.PixelData && vr == DicomVR.UN))
                return ReadFragments(tag, encoding, end, header.Start);
            // A UN of undefined length holds an implicit VR little endian sequence (PS3.5 6.2.2).
            var itemEncoding = vr == DicomVR.UN ? new Encoding(false, false) : encoding;
            var items = ReadItems(dataset, itemEncoding, end, UndefinedLength, depth + 1, tag);
            return new DicomSequence(tag, items, DicomVR.SQ) { SourceOffset = header.Start };
        }

        var remaining = end - _cursor.Position;
        if (header.Length > remaining)
            throw new DicomFormatException($"value length {header.Length} exceeds the {remaining} bytes that remain", header.Start, tag);
        if (vr == DicomVR.SQ)
        {
            var items = ReadItems(dataset, encoding, _cursor.Position + header.Length, header.Length, depth + 1, tag);
            return new DicomSequence(tag, items) { SourceOffset = header.Start };
        }
        return new DicomElement(tag, vr, TakeValue(header.Length)) { SourceOffset = header.Start };
    }

    private DicomValue TakeValue(uint length)
    {
        if (length == 0)
            return DicomValue.Empty;
        if (length >= _options.LargeValueThreshold)
        {
            var value = new DicomValue(_cursor.Source, _cursor.Position, length);
            _cursor.Position += length;
            return value;
        }
        return new DicomValue(_cursor.Take((int)length));
    }

    private static DicomVR ImplicitVR(DicomDataset dataset, DicomTag tag)
    {
        var entry = DicomDictionary.Find(tag);
        if (entry is null)
        {
            // A private element's VR is known from its creator's dictionary, as dcmtk knows it (PS3.5 7.8.1).
            if (PrivateDictionary.VROf(dataset, tag) is { } privateVR)
                return privateVR;
            return DicomDictionary.ImplicitVR(tag);
        }
        if (entry.AlternateVR == DicomVR.SS && dataset.GetPixelRepresentationForImplicitVR() == 1)
            return DicomVR.SS;
        if (entry.VR == DicomVR.OB && entry.AlternateVR == DicomVR.OW)
            return DicomVR.OW; // implicit VR pixel and overlay data are OW (PS3.5 A.1)
        return entry.VR;
    }

    private List<DicomDataset> ReadItems(DicomDataset parent, Encoding encoding, long containerEnd, uint length, int depth, DicomTag sequenceTag)
    {
        if (depth > _options.MaxSequenceDepth)
            throw new DicomFormatException($"sequences nested deeper than {_options.MaxSequenceDepth}", _cursor.Position, sequenceTag);
        var undefined = length == UndefinedLength;
        var end = undefined ? containerEnd : _cursor.Position + length;
        var items = new List<DicomDataset>();
        while (_cursor.Position < end)
        {
            var header = ReadItemHeader(encoding, end, sequenceTag);
            if (header.Tag == DicomTag.SequenceDelimitationItem)
            {
                if (undefined)
                    return items;
                continue; // a stray delimiter inside a defined-length sequence: dcmtk skips it too
            }
            if (header.Tag != DicomTag.Item)
                throw new DicomFormatException($"expected an item in sequence {sequenceTag}, found {header.Tag}", header.Start, sequenceTag);
            var item = new DicomDataset(encoding.BigEndian, parent);
            if (header.Length == UndefinedLength)
            {
                ParseItem(item, encoding, end, undefinedLength: true, depth);
            }
            else
            {
                if (header.Length > end - _cursor.Position)
                    throw new DicomFormatException($"item length {header.Length} exceeds its sequence", header.Start, sequenceTag);
                ParseItem(item, encoding, _cursor.Position + header.Length, undefinedLength: false, depth);
            }
            items.Add(item);
        }
        if (undefined)
            throw new DicomFormatException($"sequence {sequenceTag} has no sequence delimitation item", _cursor.Position, sequenceTag);
        return items;
    }

    private ElementHeader ReadItemHeader(Encoding encoding, long end, DicomTag sequenceTag)
    {
        var start = _cursor.Position;
        if (end - start < 8)
            throw new DicomFormatException($"item header needs 8 bytes, {end - start} remain", start, sequenceTag);
        var group = _cursor.ReadUInt16(encoding.BigEndian);
        var element = _cursor.ReadUInt16(encoding.BigEndian);
        return new ElementHeader(new DicomTag(group, element), DicomVR.None, _cursor.ReadUInt32(encoding.BigEndian), start);
    }

    private void ParseItem(DicomDataset item, Encoding encoding, long end, bool undefinedLength, int depth)
    {
        while (_cursor.Position < end)
        {
            var header = ReadHeader(encoding, end);
            if (header.Tag == DicomTag.ItemDelimitationItem)
            {
                if (undefinedLength)
                    return;
                continue; // redundant delimiter inside a defined-length item
            }
            if (header.Tag.Group == 0xFFFE)
                throw new DicomFormatException("unexpected item or delimiter inside an item", header.Start, header.Tag);
            var element = ReadValue(item, header, encoding, end, depth);
            if (element is not null && header.Tag != DicomTag.DataSetTrailingPadding)
                item.Add(element);
        }
        if (undefinedLength)
            throw new DicomFormatException("item has no item delimitation item", _cursor.Position);
    }

    /// <summary>Encapsulated pixel data is OB whatever the file said (PS3.5 A.4); some writers label it OW.</summary>
    private DicomFragments ReadFragments(DicomTag tag, Encoding encoding, long end, long start)
    {
        DicomValue? offsetTable = null;
        var fragments = new List<DicomValue>();
        while (true)
        {
            var header = ReadItemHeader(encoding, end, tag);
            if (header.Tag == DicomTag.SequenceDelimitationItem)
                return new DicomFragments(tag, DicomVR.OB, offsetTable ?? DicomValue.Empty, fragments) { SourceOffset = start };
            if (header.Tag != DicomTag.Item)
                throw new DicomFormatException($"expected a fragment item, found {header.Tag}", header.Start, tag);
            if (header.Length == UndefinedLength || header.Length > end - _cursor.Position)
                throw new DicomFormatException($"fragment length {header.Length} exceeds the data", header.Start, tag);
            var value = TakeValue(header.Length);
            if (offsetTable is null)
                offsetTable = value;
            else
                fragments.Add(value);
        }
    }

    private readonly record struct Encoding(bool ExplicitVR, bool BigEndian);

    private readonly record struct ElementHeader(DicomTag Tag, DicomVR VR, uint Length, long Start);
}
