namespace Handoff.Dicom;

/// <summary>
/// Value representation. The numeric value packs the two ASCII characters (first in the high byte),
/// so a VR read from a file maps to the enum with one shift and no lookup.
/// </summary>
public enum DicomVR : ushort
{
    /// <summary>No VR: item and delimiter tags, or a VR not yet known.</summary>
    None = 0,
    AE = ('A' << 8) | 'E', AS = ('A' << 8) | 'S', AT = ('A' << 8) | 'T',
    CS = ('C' << 8) | 'S', DA = ('D' << 8) | 'A', DS = ('D' << 8) | 'S', DT = ('D' << 8) | 'T',
    FD = ('F' << 8) | 'D', FL = ('F' << 8) | 'L', IS = ('I' << 8) | 'S',
    LO = ('L' << 8) | 'O', LT = ('L' << 8) | 'T',
    OB = ('O' << 8) | 'B', OD = ('O' << 8) | 'D', OF = ('O' << 8) | 'F', OL = ('O' << 8) | 'L',
    OV = ('O' << 8) | 'V', OW = ('O' << 8) | 'W',
    PN = ('P' << 8) | 'N', SH = ('S' << 8) | 'H', SL = ('S' << 8) | 'L', SQ = ('S' << 8) | 'Q',
    SS = ('S' << 8) | 'S', ST = ('S' << 8) | 'T', SV = ('S' << 8) | 'V',
    TM = ('T' << 8) | 'M', UC = ('U' << 8) | 'C', UI = ('U' << 8) | 'I', UL = ('U' << 8) | 'L',
    UN = ('U' << 8) | 'N', UR = ('U' << 8) | 'R', US = ('U' << 8) | 'S', UT = ('U' << 8) | 'T',
    UV = ('U' << 8) | 'V',
}
