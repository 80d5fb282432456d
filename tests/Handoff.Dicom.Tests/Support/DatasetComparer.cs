namespace Handoff.Dicom.Tests.Support;

/// <summary>
/// Compares two data sets as DICOM sees them: same tags, VRs and values, with byte order normalised to little
/// endian and odd lengths padded as a writer must pad them. Group lengths are ignored (writers drop them).
/// </summary>
public static class DatasetComparer
{
    public static List<string> Differences(DicomDataset expected, DicomDataset actual, string path = "")
    {
        var differences = new List<string>();
        var left = expected.Where(i => !i.Tag.IsGroupLength).ToList();
        var right = actual.Where(i => !i.Tag.IsGroupLength).ToList();
        var leftTags = left.Select(i => i.Tag).ToList();
        var rightTags = right.Select(i => i.Tag).ToList();
        if (!leftTags.SequenceEqual(rightTags))
        {
            differences.Add($"{path}: tags differ: only before [{string.Join(" ", leftTags.Except(rightTags))}], only after [{string.Join(" ", rightTags.Except(leftTags))}]");
            return differences;
        }
        for (var i = 0; i < left.Count; i++)
            CompareItem(expected, left[i], actual, right[i], path + left[i].Tag, differences);
        return differences;
    }

    private static void CompareItem(DicomDataset leftSet, DicomItem left, DicomDataset rightSet, DicomItem right, string where, List<string> differences)
    {
        switch (left, right)
        {
            case (DicomSequence a, DicomSequence b):
                if (a.Items.Count != b.Items.Count)
                {
                    differences.Add($"{where}: {a.Items.Count} items before, {b.Items.Count} after");
                    return;
                }
                for (var i = 0; i < a.Items.Count; i++)
                    differences.AddRange(Differences(a.Items[i], b.Items[i], $"{where}[{i}]"));
                return;
            case (DicomFragments a, DicomFragments b):
                if (!Padded(a.OffsetTable, 0).SequenceEqual(Padded(b.OffsetTable, 0)))
                    differences.Add($"{where}: offset table differs");
                if (a.Fragments.Count != b.Fragments.Count)
                    differences.Add($"{where}: {a.Fragments.Count} fragments before, {b.Fragments.Count} after");
                else
                {
                    for (var i = 0; i < a.Fragments.Count; i++)
                    {
                        if (!Padded(a.Fragments[i], 0).SequenceEqual(Padded(b.Fragments[i], 0)))
                            differences.Add($"{where}: fragment {i} differs");
                    }
                }
                return;
            case (DicomElement a, DicomElement b):
                var vrA = a.VR == DicomVR.None ? DicomVR.UN : a.VR;
                if (vrA != b.VR && b.VR != DicomVR.UN)
                    differences.Add($"{where}: VR {vrA.Code()} before, {b.VR.Code()} after");
                if (!Normalised(leftSet, a).SequenceEqual(Normalised(rightSet, b)))
                    differences.Add($"{where}: value differs ({a.Value.Length} bytes before, {b.Value.Length} after)");
                return;
            default:
                differences.Add($"{where}: {left.GetType().Name} before, {right.GetType().Name} after");
                return;
        }
    }

    private static byte[] Normalised(DicomDataset set, DicomElement element)
    {
        var vr = element.VR == DicomVR.None ? DicomVR.UN : element.VR;
        var bytes = Padded(element.Value, DicomVRInfo.PaddingByte(vr));
        if (set.IsBigEndian && vr != DicomVR.UN)
        {
            var unit = DicomVRInfo.SwapUnit(vr);
            for (var i = 0; unit > 1 && i + unit <= bytes.Length; i += unit)
                Array.Reverse(bytes, i, unit);
        }
        return bytes;
    }

    private static byte[] Padded(DicomValue value, byte padding)
    {
        var bytes = value.GetBytes().ToArray();
        return bytes.Length % 2 == 0 ? bytes : [.. bytes, padding];
    }
}
