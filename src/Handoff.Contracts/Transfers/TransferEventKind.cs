namespace Handoff.Contracts.Transfers;

public enum TransferEventKind
{
    Created = 1,
    StudyAdded = 2,
    InstanceAvailable = 3,
    StudyComplete = 4,
    Available = 5,
    Downloaded = 6,
    Acknowledged = 7,
    AcknowledgementMismatch = 8,
    Cancelled = 9,
    Expired = 10,
    Failed = 11,
}
