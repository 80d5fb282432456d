using Handoff.Protos.V1;

namespace Handoff.Client;

/// <summary>
/// The outcome of a send: the transfer and what moved. <see cref="InstancesAlreadyStored"/> counts instances the
/// server had before this run (a resumed send, or priors sent earlier), which moved no bytes.
/// </summary>
/// <param name="TransferId">The transfer created (or resumed).</param>
/// <param name="State">Its state when the send ended (normally available, or receiving while another study uploads).</param>
/// <param name="Studies">Studies sent.</param>
/// <param name="Instances">Instances sent.</param>
/// <param name="Bytes">Their total size.</param>
/// <param name="InstancesAlreadyStored">Instances the server had whole before this run.</param>
/// <param name="ChunksSent">Chunks this run uploaded.</param>
/// <param name="BytesSent">Bytes this run uploaded.</param>
/// <param name="InstancesSkipped">Identical copies the source offered twice, left out.</param>
/// <param name="Elapsed">How long the send took.</param>
public sealed record SendResult(
    string TransferId,
    TransferState State,
    int Studies,
    int Instances,
    long Bytes,
    int InstancesAlreadyStored,
    long ChunksSent,
    long BytesSent,
    int InstancesSkipped,
    TimeSpan Elapsed);
