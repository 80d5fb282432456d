namespace Handoff.Dimse.UpperLayer;

/// <summary>How large a PDU a peer may send before the association is aborted, checked before anything is buffered.</summary>
public sealed record PduLimits
{
    /// <summary>
    /// The largest P-DATA-TF variable field this node advertises (Maximum Length Received) and accepts: 256 KiB,
    /// large enough that a 1 GiB instance is 4096 PDUs, small enough that a PDU in flight costs little memory.
    /// </summary>
    public uint MaxDataPduLength { get; init; } = 256 * 1024;

    /// <summary>
    /// The largest A-ASSOCIATE-RQ/AC: 128 presentation contexts (the most odd ids allow) with a dozen transfer
    /// syntaxes each fit in well under this.
    /// </summary>
    public int MaxAssociatePduLength { get; init; } = 256 * 1024;
}
