namespace Handoff.Contracts.Federation;

/// <summary>How a relay to a peer network ended: the transfer settled here, or the peer's transfer settled there.</summary>
public enum RelayOutcome
{
    /// <summary>The destination acknowledged in its network, and the receipt checked out against this cluster's hashes.</summary>
    Acknowledged = 1,

    /// <summary>The destination acknowledged, but the content hashes the peer reported differ from this cluster's.</summary>
    AcknowledgementMismatch = 2,

    /// <summary>The transfer was cancelled here (the peer's transfer is cancelled too).</summary>
    Cancelled = 3,

    /// <summary>The transfer expired here (the peer's transfer is cancelled).</summary>
    Expired = 4,

    /// <summary>The transfer failed here.</summary>
    Failed = 5,

    /// <summary>The peer's transfer was cancelled in its network.</summary>
    RemoteCancelled = 6,

    /// <summary>The peer's transfer expired in its network.</summary>
    RemoteExpired = 7,

    /// <summary>The peer's transfer failed in its network.</summary>
    RemoteFailed = 8,
}
