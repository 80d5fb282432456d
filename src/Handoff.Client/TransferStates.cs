using Handoff.Protos.V1;

namespace Handoff.Client;

/// <summary>
/// The client's one home for what transfer states mean: which are final, which end a transfer without delivering it,
/// which mean every instance can be downloaded, and the word for each ("available"), stable for people and scripts.
/// </summary>
public static class TransferStates
{
    /// <summary>States after which nothing more happens to a transfer: acknowledged, cancelled, expired, failed.</summary>
    /// <param name="state">A transfer state.</param>
    /// <returns>True for a final state.</returns>
    public static bool IsFinal(TransferState state) =>
        state is TransferState.Acknowledged or TransferState.Cancelled or TransferState.Expired or TransferState.Failed;

    /// <summary>The transfer ended without being delivered: cancelled, expired or failed.</summary>
    /// <param name="state">A transfer state.</param>
    /// <returns>True when nothing more will arrive.</returns>
    public static bool IsAbandoned(TransferState state) =>
        state is TransferState.Cancelled or TransferState.Expired or TransferState.Failed;

    /// <summary>Every instance of every study is on the server: available, delivered or acknowledged.</summary>
    /// <param name="state">A transfer state.</param>
    /// <returns>True when the whole transfer can be downloaded.</returns>
    public static bool IsWhole(TransferState state) =>
        state is TransferState.Available or TransferState.Delivered or TransferState.Acknowledged;

    /// <summary>The word for a state: "created", "receiving", "available", ...; "unknown" for a value this client does not know.</summary>
    /// <param name="state">A transfer state.</param>
    /// <returns>The lower-case word.</returns>
    public static string Name(TransferState state) => state switch
    {
        TransferState.Created => "created",
        TransferState.Receiving => "receiving",
        TransferState.Available => "available",
        TransferState.Delivered => "delivered",
        TransferState.Acknowledged => "acknowledged",
        TransferState.Cancelled => "cancelled",
        TransferState.Expired => "expired",
        TransferState.Failed => "failed",
        _ => "unknown",
    };
}
