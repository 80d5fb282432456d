using System.Globalization;
using Handoff.Dicom;

namespace Handoff.Server.DicomWeb;

/// <summary>
/// Finds the value a metadata BulkDataURI names by its tag path ("7FE00010", "00540016/0/00181072": tags as 8 hex
/// digits, item indexes between a sequence and the element in it), as the JSON writer built it.
/// </summary>
public static class BulkData
{
    public static DicomValue? Find(DicomDataset dataset, string tagPath)
    {
        ArgumentNullException.ThrowIfNull(tagPath);
        var steps = tagPath.Split('/');
        var current = dataset;
        for (var i = 0; i < steps.Length; i++)
        {
            if (!uint.TryParse(steps[i], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var tag) || steps[i].Length != 8)
                return null;
            var item = current.Find(new DicomTag(tag));
            if (i == steps.Length - 1)
                return item is DicomElement element ? element.Value : null;
            if (item is not DicomSequence sequence || i + 1 >= steps.Length - 1
                || !int.TryParse(steps[++i], NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= sequence.Items.Count)
                return null;
            current = sequence.Items[index];
        }
        return null;
    }
}
