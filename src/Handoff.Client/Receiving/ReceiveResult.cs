using Handoff.Protos.V1;

namespace Handoff.Client;

/// <summary>The outcome of a receive: what is stored, what had to move, and where the transfer ended up.</summary>
/// <param name="TransferId">The transfer.</param>
/// <param name="State">Its state at the end (delivered, or acknowledged).</param>
/// <param name="Studies">Studies received.</param>
/// <param name="Instances">Instances received.</param>
/// <param name="Bytes">Their total size.</param>
/// <param name="InstancesAlreadyPresent">Instances the sink held whole before this run.</param>
/// <param name="BytesReceived">Bytes this run downloaded.</param>
/// <param name="Acknowledged">True when the transfer is acknowledged.</param>
/// <param name="Elapsed">How long the receive took.</param>
public sealed record ReceiveResult(
    string TransferId,
    TransferState State,
    int Studies,
    int Instances,
    long Bytes,
    int InstancesAlreadyPresent,
    long BytesReceived,
    bool Acknowledged,
    TimeSpan Elapsed)
{
    /// <summary>
    /// Every instance and its content hash, verified chunk by chunk as it arrived: what acknowledging confirms, for a
    /// caller that acknowledges later (<see cref="ReceiveOptions.Acknowledge"/> false), say once a PACS holds it all.
    /// </summary>
    public IReadOnlyList<ReceiptEntry> Receipt { get; init; } = [];
}
