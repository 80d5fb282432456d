using System.Text;

namespace Handoff.Dicom.Tests.Text;

/// <summary>
/// Test values are written as strings whose chars are the raw bytes (U+0000..U+00FF), so escape
/// sequences stay readable ("\u001B$B") next to the bytes they switch, as in PS3.5 Annexes H to K.
/// </summary>
internal static class Raw
{
    public static byte[] Bytes(string latin1)
    {
        foreach (var c in latin1)
        {
            // Guards the tests themselves: a typo like "\u4E00" would otherwise silently become '?'.
            if (c > '\u00FF')
                throw new ArgumentException($"U+{(int)c:X4} is not a byte", nameof(latin1));
        }
        return Encoding.Latin1.GetBytes(latin1);
    }
}
