namespace Handoff.Dicom;

/// <summary>Byte swapping for values stored in the other byte order.</summary>
internal static class ByteOrder
{
    /// <summary>Reverses the bytes of each <paramref name="unit"/>-sized value in place (a trailing partial unit is left alone).</summary>
    public static void ReverseEachUnit(this Span<byte> bytes, int unit)
    {
        if (unit <= 1)
            return;
        var whole = bytes.Length / unit * unit;
        for (var i = 0; i < whole; i += unit)
            bytes.Slice(i, unit).Reverse();
    }
}
