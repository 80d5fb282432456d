using Handoff.Client;
using Handoff.Protos.V1;

namespace Handoff.Cli.Output;

/// <summary>
/// The words people and scripts see for transfer states, priorities and events: "available", "stat",
/// "instance-available". Stable: JSON consumers match on them.
/// </summary>
internal static class TransferStateNames
{
    public static string Of(TransferState state) => TransferStates.Name(state);

    public static string Of(Priority priority) => priority switch
    {
        Priority.Stat => "stat",
        Priority.Urgent => "urgent",
        Priority.Routine => "routine",
        _ => "unspecified",
    };

    public static string Of(TransferEventType type) => type switch
    {
        TransferEventType.Created => "created",
        TransferEventType.StudyAdded => "study-added",
        TransferEventType.InstanceAvailable => "instance-available",
        TransferEventType.StudyComplete => "study-complete",
        TransferEventType.Available => "available",
        TransferEventType.Downloaded => "downloaded",
        TransferEventType.Acknowledged => "acknowledged",
        TransferEventType.AcknowledgementMismatch => "acknowledgement-mismatch",
        TransferEventType.Cancelled => "cancelled",
        TransferEventType.Expired => "expired",
        TransferEventType.Failed => "failed",
        TransferEventType.Relayed => "relayed",
        TransferEventType.RelayWaiting => "relay-waiting",
        TransferEventType.RemoteAvailable => "remote-available",
        TransferEventType.DeliveryWaiting => "delivery-waiting",
        TransferEventType.Reconciled => "reconciled",
        TransferEventType.PatientMismatch => "patient-mismatch",
        TransferEventType.Incomplete => "incomplete",
        TransferEventType.CompletenessMet => "completeness-met",
        TransferEventType.AtRisk => "at-risk",
        TransferEventType.Late => "late",
        TransferEventType.OnTrack => "on-track",
        _ => "unknown",
    };

    /// <summary>Priorities accepted on the command line, most urgent first.</summary>
    public static readonly string[] PriorityChoices = ["stat", "urgent", "routine"];

    public static Priority ParsePriority(string text) => text.ToLowerInvariant() switch
    {
        "stat" => Priority.Stat,
        "urgent" => Priority.Urgent,
        "routine" => Priority.Routine,
        _ => throw new ArgumentException($"unknown priority '{text}' (use stat, urgent or routine)", nameof(text)),
    };
}
