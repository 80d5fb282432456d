using Handoff.Protos.V1;

namespace Handoff.Cli.Transfers;

/// <summary>
/// The outcome of a send: the transfer and what moved. <see cref="InstancesAlreadyStored"/> counts instances the
/// server had before this run (a resumed send, or priors sent earlier), which moved no bytes.
/// </summary>
internal sealed record SendResult(
    string TransferId,
    TransferState State,
    int Studies,
    int Instances,
    long Bytes,
    int InstancesAlreadyStored,
    long ChunksSent,
    long BytesSent,
    int Skipped,
    TimeSpan Elapsed);
