namespace Handoff.Contracts.Transfers;

/// <summary>Created → Receiving → Available → Delivered → Acknowledged, or Cancelled / Expired / Failed.</summary>
public enum TransferStatus
{
    Created = 1,
    Receiving = 2,
    Available = 3,
    Delivered = 4,
    Acknowledged = 5,
    Cancelled = 6,
    Expired = 7,
    Failed = 8,
}
