using System.Globalization;
using System.Text;

namespace Handoff.Dicom.Json;

/// <summary>
/// The path from the top-level data set to the element being written: tags and item indexes. Kept as a stack
/// of numbers and turned into text only when a BulkDataURI needs it, so ordinary elements cost nothing.
/// </summary>
internal sealed class DicomJsonTagPath
{
    // Tags are stored as their 32-bit value; item indexes as negative numbers (-1 - index) to tell them apart.
    private readonly List<long> _steps = [];

    public void Push(DicomTag tag) => _steps.Add(tag.Value);

    public void PushItem(int index) => _steps.Add(-1L - index);

    public void Pop() => _steps.RemoveAt(_steps.Count - 1);

    /// <summary>"7FE00010", or "00540016/0/00181072" inside a sequence item.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var step in _steps)
        {
            if (text.Length > 0)
                text.Append('/');
            if (step >= 0)
                text.Append(((uint)step).ToString("X8", CultureInfo.InvariantCulture));
            else
                text.Append((-1L - step).ToString(CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }
}
