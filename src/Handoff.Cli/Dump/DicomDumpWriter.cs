using System.Globalization;
using System.Text;
using Handoff.Dicom;
using Handoff.Dicom.Dictionary;

namespace Handoff.Cli.Dump;

/// <summary>
/// Prints a file the way dcmdump does, so people who know dcmdump can read it at once: the meta group, then the
/// data set, one element per line as "(gggg,eeee) VR value # length, VM keyword", sequence items indented with
/// item and delimiter markers, long values cut at <see cref="DicomDumpValues.MaxValueChars"/> characters.
/// Sequence and item lengths show as "-": the data set model keeps content, not how long the encoding was.
/// </summary>
internal sealed class DicomDumpWriter
{
    // "(gggg,eeee) VR " is 15 characters and dcmdump pads the value to 40 more, so the '#' lines up at column 57.
    private const int HeadWidth = 55;

    private readonly TextWriter _output;
    private readonly StringBuilder _line = new(160);

    public DicomDumpWriter(TextWriter output) => _output = output;

    public void Write(DicomFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        _output.WriteLine();
        if (file.FileMetaInformation.Count > 0 || file.HasPreamble)
        {
            _output.WriteLine("# Dicom-File-Format");
            _output.WriteLine();
            _output.WriteLine("# Dicom-Meta-Information-Header");
            _output.WriteLine("# Used TransferSyntax: " + DicomTransferSyntax.ExplicitVRLittleEndian.Name);
            WriteDataset(file.FileMetaInformation, 0);
            _output.WriteLine();
        }
        _output.WriteLine("# Dicom-Data-Set");
        _output.WriteLine("# Used TransferSyntax: " + file.TransferSyntax.Name);
        WriteDataset(file.Dataset, 0);
        if (file.StoppedBeforePixelData)
            _output.WriteLine("# (stopped before pixel data)");
    }

    private void WriteDataset(DicomDataset dataset, int depth)
    {
        foreach (var item in dataset)
        {
            switch (item)
            {
                case DicomSequence sequence:
                    WriteSequence(dataset, sequence, depth);
                    break;
                case DicomFragments fragments:
                    WriteFragments(dataset, fragments, depth);
                    break;
                case DicomElement element:
                    var text = DicomDumpValues.Format(dataset, element, out var multiplicity);
                    WriteLine(depth, element.Tag, element.VR.Code(), text, Length(element.Value.Length), multiplicity, KeywordOf(dataset, element.Tag));
                    break;
            }
        }
    }

    private void WriteSequence(DicomDataset dataset, DicomSequence sequence, int depth)
    {
        var items = sequence.Items;
        WriteLine(depth, sequence.Tag, "SQ", $"(Sequence #={items.Count})", "-", 1, KeywordOf(dataset, sequence.Tag));
        foreach (var item in items)
        {
            WriteLine(depth + 1, DicomTag.Item, "na", $"(Item #={item.Count})", "-", 1, "Item");
            WriteDataset(item, depth + 2);
            WriteLine(depth + 1, DicomTag.ItemDelimitationItem, "na", "(ItemDelimitationItem)", Length(0), 0, "ItemDelimitationItem");
        }
        WriteLine(depth, DicomTag.SequenceDelimitationItem, "na", "(SequenceDelimitationItem)", Length(0), 0, "SequenceDelimitationItem");
    }

    private void WriteFragments(DicomDataset dataset, DicomFragments fragments, int depth)
    {
        var count = fragments.Fragments.Count + 1;
        WriteLine(depth, fragments.Tag, fragments.VR.Code(), $"(PixelSequence #={count})", "u/l", 1, KeywordOf(dataset, fragments.Tag));
        WriteLine(depth + 1, DicomTag.Item, "pi", DicomDumpValues.FormatFragment(fragments.OffsetTable), Length(fragments.OffsetTable.Length), 1, "Item");
        foreach (var fragment in fragments.Fragments)
            WriteLine(depth + 1, DicomTag.Item, "pi", DicomDumpValues.FormatFragment(fragment), Length(fragment.Length), 1, "Item");
        WriteLine(depth, DicomTag.SequenceDelimitationItem, "na", "(SequenceDelimitationItem)", Length(0), 0, "SequenceDelimitationItem");
    }

    /// <summary>
    /// Standard elements by their dictionary keyword; private ones by the creator that owns their block,
    /// because private element numbers are only meaningful together with the creator.
    /// </summary>
    private static string KeywordOf(DicomDataset dataset, DicomTag tag)
    {
        if (tag.IsPrivate && !tag.IsPrivateCreator)
            return dataset.PrivateCreatorOf(tag) is { Length: > 0 } creator ? $"PrivateTag [{creator}]" : "PrivateTag (no creator)";
        var keyword = DicomDictionary.KeywordOf(tag);
        return keyword.Length > 0 ? keyword : "UnknownTag";
    }

    private static string Length(long length) => length.ToString(CultureInfo.InvariantCulture);

    private void WriteLine(int depth, DicomTag tag, string vr, string value, string length, int multiplicity, string keyword)
    {
        var line = _line.Clear();
        line.Append(' ', depth * 2);
        var headStart = line.Length;
        line.Append('(').Append(Hex(tag.Group)).Append(',').Append(Hex(tag.Element)).Append(") ").Append(vr).Append(' ').Append(value);
        var width = line.Length - headStart;
        line.Append(' ', width < HeadWidth ? HeadWidth - width + 1 : 1);
        line.Append("# ").Append(length.PadLeft(3)).Append(',')
            .Append(multiplicity.ToString(CultureInfo.InvariantCulture).PadLeft(2)).Append(' ').Append(keyword);
        _output.WriteLine(line);
    }

    // dcmdump prints tags in lowercase hex.
    private static string Hex(ushort value) => value.ToString("x4", CultureInfo.InvariantCulture);
}
