namespace Handoff.Contracts.Transfers;

public enum TransferPriority
{
    Routine = 1,
    Urgent = 2,
    Stat = 3,
}
