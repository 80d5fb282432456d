namespace Handoff.Dicom;

/// <summary>Encoding rules per VR (PS3.5 6.2 and 7.1.2).</summary>
public static class DicomVRInfo
{
    /// <summary>The two characters as they appear in a file; "??" for None.</summary>
    public static string Code(this DicomVR vr) => vr == DicomVR.None ? "??" : string.Create(2, vr, static (span, v) =>
    {
        span[0] = (char)((ushort)v >> 8);
        span[1] = (char)((ushort)v & 0xFF);
    });

    /// <summary>Maps two bytes from an explicit-VR header to a VR; None when they are not a known VR.</summary>
    public static DicomVR FromBytes(byte first, byte second)
    {
        var vr = (DicomVR)((first << 8) | second);
        return IsKnown(vr) ? vr : DicomVR.None;
    }

    public static bool IsKnown(DicomVR vr) => vr switch
    {
        DicomVR.AE or DicomVR.AS or DicomVR.AT or DicomVR.CS or DicomVR.DA or DicomVR.DS or DicomVR.DT
            or DicomVR.FD or DicomVR.FL or DicomVR.IS or DicomVR.LO or DicomVR.LT or DicomVR.OB or DicomVR.OD
            or DicomVR.OF or DicomVR.OL or DicomVR.OV or DicomVR.OW or DicomVR.PN or DicomVR.SH or DicomVR.SL
            or DicomVR.SQ or DicomVR.SS or DicomVR.ST or DicomVR.SV or DicomVR.TM or DicomVR.UC or DicomVR.UI
            or DicomVR.UL or DicomVR.UN or DicomVR.UR or DicomVR.US or DicomVR.UT or DicomVR.UV => true,
        _ => false,
    };

    /// <summary>Explicit VR: a 2-byte reserved field and a 4-byte length follow the VR (PS3.5 7.1.2).</summary>
    public static bool HasLongLength(DicomVR vr) => vr is DicomVR.OB or DicomVR.OD or DicomVR.OF or DicomVR.OL
        or DicomVR.OV or DicomVR.OW or DicomVR.SQ or DicomVR.SV or DicomVR.UC or DicomVR.UN or DicomVR.UR
        or DicomVR.UT or DicomVR.UV;

    /// <summary>Character string VRs whose values are text (padded with a space).</summary>
    public static bool IsString(DicomVR vr) => vr is DicomVR.AE or DicomVR.AS or DicomVR.CS or DicomVR.DA
        or DicomVR.DS or DicomVR.DT or DicomVR.IS or DicomVR.LO or DicomVR.LT or DicomVR.PN or DicomVR.SH
        or DicomVR.ST or DicomVR.TM or DicomVR.UC or DicomVR.UI or DicomVR.UR or DicomVR.UT;

    /// <summary>VRs affected by Specific Character Set (PS3.5 6.1.2.3).</summary>
    public static bool UsesCharacterSet(DicomVR vr) => vr is DicomVR.SH or DicomVR.LO or DicomVR.ST
        or DicomVR.LT or DicomVR.PN or DicomVR.UC or DicomVR.UT;

    /// <summary>VRs holding one value only: a backslash is text, not a delimiter.</summary>
    public static bool IsSingleValued(DicomVR vr) => vr is DicomVR.LT or DicomVR.ST or DicomVR.UT or DicomVR.UR;

    /// <summary>
    /// Size of the unit whose byte order depends on the transfer syntax; 0 for byte data
    /// (strings, OB, UN, which are never swapped).
    /// </summary>
    public static int SwapUnit(DicomVR vr) => vr switch
    {
        DicomVR.AT or DicomVR.OW or DicomVR.SS or DicomVR.US => 2,
        DicomVR.FL or DicomVR.OF or DicomVR.OL or DicomVR.SL or DicomVR.UL => 4,
        DicomVR.FD or DicomVR.OD or DicomVR.OV or DicomVR.SV or DicomVR.UV => 8,
        _ => 0,
    };

    /// <summary>Fixed size of one value of a binary numeric VR, 0 for others.</summary>
    public static int ValueSize(DicomVR vr) => vr switch
    {
        DicomVR.SS or DicomVR.US or DicomVR.OW => 2,
        DicomVR.AT or DicomVR.FL or DicomVR.OF or DicomVR.OL or DicomVR.SL or DicomVR.UL => 4,
        DicomVR.FD or DicomVR.OD or DicomVR.OV or DicomVR.SV or DicomVR.UV => 8,
        _ => 0,
    };

    /// <summary>Byte that pads a value to even length: NUL for UI and binary data, space for text.</summary>
    public static byte PaddingByte(DicomVR vr) => IsString(vr) && vr != DicomVR.UI ? (byte)' ' : (byte)0;
}
