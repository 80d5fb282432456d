namespace Handoff.Dimse.UpperLayer;

/// <summary>Who aborted an association (PS3.8 9.3.8).</summary>
public enum AbortSource : byte
{
    ServiceUser = 0,
    ServiceProvider = 2,
}

/// <summary>Why the service provider aborted (PS3.8 table 9-26); 0 when the service user aborts.</summary>
public enum AbortReason : byte
{
    NotSpecified = 0,
    UnrecognizedPdu = 1,
    UnexpectedPdu = 2,
    UnrecognizedPduParameter = 4,
    UnexpectedPduParameter = 5,
    InvalidPduParameterValue = 6,
}
