using Handoff.Protos.V1;

namespace Handoff.Cli.Transfers;

/// <summary>The outcome of a receive: what is on disk, what had to move, and where the transfer ended up.</summary>
internal sealed record ReceiveResult(
    string TransferId,
    TransferState State,
    int Studies,
    int Instances,
    long Bytes,
    int InstancesAlreadyPresent,
    long BytesReceived,
    bool Acknowledged,
    TimeSpan Elapsed);
