namespace Handoff.Client;

/// <summary>How a receive runs.</summary>
public sealed record ReceiveOptions
{
    /// <summary>Concurrent download streams (1 to 64).</summary>
    public int Parallel { get; init; } = 4;

    /// <summary>
    /// Acknowledge receipt with every instance's content hash once everything is stored (the default). False to stop
    /// at "delivered" and acknowledge later with <see cref="HandoffClient.AcknowledgeAsync(string, IReadOnlyList{ReceiptEntry}, System.Threading.CancellationToken)"/>, say after an import.
    /// </summary>
    public bool Acknowledge { get; init; } = true;

    /// <summary>Receives a report after each step; null for none.</summary>
    public IProgress<TransferProgress>? Progress { get; init; }
}
