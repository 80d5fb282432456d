namespace Handoff.Dimse.Messages;

/// <summary>Status codes of DIMSE responses this node sends or reads (PS3.7 annex C and the service classes of PS3.4).</summary>
public static class DimseStatus
{
    public const ushort Success = 0x0000;
    public const ushort Pending = 0xFF00;
    public const ushort PendingWithWarnings = 0xFF01;
    public const ushort Cancel = 0xFE00;
    /// <summary>Refused: out of resources (C-STORE A700; for C-MOVE A701/A702 are more specific).</summary>
    public const ushort OutOfResources = 0xA700;
    /// <summary>Refused: SOP class not supported.</summary>
    public const ushort SopClassNotSupported = 0x0122;
    /// <summary>Refused: not authorized (C-STORE 0124).</summary>
    public const ushort NotAuthorized = 0x0124;
    /// <summary>Error: data set does not match SOP class (C-STORE A900).</summary>
    public const ushort DataSetDoesNotMatchSopClass = 0xA900;
    /// <summary>Error: cannot understand (C-STORE Cxxx; C000 is the usual one).</summary>
    public const ushort CannotUnderstand = 0xC000;
    /// <summary>Failure: duplicate SOP instance (0111), for an instance re-sent with other bytes.</summary>
    public const ushort DuplicateSopInstance = 0x0111;
    /// <summary>Failure: processing failure (0110).</summary>
    public const ushort ProcessingFailure = 0x0110;
    /// <summary>Failure: unrecognized operation (0211).</summary>
    public const ushort UnrecognizedOperation = 0x0211;
    /// <summary>C-MOVE: refused, move destination unknown (A801).</summary>
    public const ushort MoveDestinationUnknown = 0xA801;

    /// <summary>Success, or a warning (0001, Bxxx): the operation was performed.</summary>
    public static bool IsSuccessOrWarning(ushort status) => status == Success || status == 0x0001 || (status & 0xF000) == 0xB000;

    public static bool IsPending(ushort status) => status is Pending or PendingWithWarnings;
}
