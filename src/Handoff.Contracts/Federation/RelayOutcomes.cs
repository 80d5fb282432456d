using Handoff.Contracts.Transfers;

namespace Handoff.Contracts.Federation;

/// <summary>Which <see cref="RelayOutcome"/> a final transfer state here means, and what older relays stored as text.</summary>
public static class RelayOutcomes
{
    /// <summary>The outcome of a relay whose transfer reached <paramref name="status"/> here; null while it is not final.</summary>
    public static RelayOutcome? EndedHere(TransferStatus status) => status switch
    {
        TransferStatus.Acknowledged => RelayOutcome.Acknowledged,
        TransferStatus.Cancelled => RelayOutcome.Cancelled,
        TransferStatus.Expired => RelayOutcome.Expired,
        TransferStatus.Failed => RelayOutcome.Failed,
        _ => null,
    };

    /// <summary>
    /// Relays finished before outcomes were an enum stored their outcome as text ("acknowledged", "remote Cancelled",
    /// "acknowledgement mismatch: …"); null for text that names none.
    /// </summary>
    public static RelayOutcome? FromText(string? text) => text switch
    {
        null => null,
        "acknowledged" => RelayOutcome.Acknowledged,
        "cancelled" => RelayOutcome.Cancelled,
        "expired" => RelayOutcome.Expired,
        "failed" => RelayOutcome.Failed,
        "remote Cancelled" => RelayOutcome.RemoteCancelled,
        "remote Expired" => RelayOutcome.RemoteExpired,
        "remote Failed" => RelayOutcome.RemoteFailed,
        _ when text.StartsWith("acknowledgement mismatch", StringComparison.Ordinal) => RelayOutcome.AcknowledgementMismatch,
        _ => null,
    };
}
