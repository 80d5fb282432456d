using Handoff.Contracts.Transfers;

namespace Handoff.Grains.Transfers;

/// <summary>
/// A transfer as stored: who sends what to whom, its status, the studies with their latest totals, every event of
/// its timeline, and the acknowledgement. Written once per command or progress report, never once per event.
/// </summary>
[GenerateSerializer, Alias("handoff.grains.TransferGrainState")]
public sealed class TransferGrainState
{
    [Id(0)]
    public bool Created { get; set; }

    [Id(1)]
    public string RequestId { get; set; } = "";

    [Id(2)]
    public string SourceFacilityId { get; set; } = "";

    [Id(3)]
    public string DestinationFacilityId { get; set; } = "";

    [Id(4)]
    public TransferPriority Priority { get; set; }

    /// <summary>Free text from the sender; may mention the patient, so it is never logged.</summary>
    [Id(5)]
    public string Reason { get; set; } = "";

    [Id(6)]
    public DateTimeOffset? ExpectedArrival { get; set; }

    [Id(7)]
    public TransferStatus Status { get; set; }

    [Id(8)]
    public DateTimeOffset CreatedAt { get; set; }

    [Id(9)]
    public DateTimeOffset UpdatedAt { get; set; }

    [Id(10)]
    public DateTimeOffset ExpiresAt { get; set; }

    [Id(11)]
    public List<TransferStudyRecord> Studies { get; set; } = [];

    /// <summary>Every event, sequences 1, 2, 3, … without gaps.</summary>
    [Id(12)]
    public List<TransferEventRecord> Timeline { get; set; } = [];

    [Id(13)]
    public AcknowledgementRecord? Acknowledgement { get; set; }

    /// <summary>Request ids of the create and add-studies commands already applied, so a retry changes nothing.</summary>
    [Id(14)]
    public List<string> AppliedRequestIds { get; set; } = [];

    [Id(15)]
    public string CreatedBy { get; set; } = "";

    [Id(16)]
    public PatientReconciliationRecord? Reconciliation { get; set; }

    [Id(17)]
    public string SourcePatientIdIssuer { get; set; } = "";

    /// <summary>The W3C traceparent of the creating call (empty when untraced): the relay continues its trace.</summary>
    [Id(18)]
    public string TraceParent { get; set; } = "";

    /// <summary>What the transfer missed when its studies were last all done (rules not met, studies not whole); empty when nothing.</summary>
    [Id(22)]
    public List<CompletenessFinding> Completeness { get; set; } = [];

    /// <summary>The arrival forecast's measurements and verdict; null until the transfer measures anything (no expected arrival).</summary>
    [Id(26)]
    public ArrivalState? Arrival { get; set; }
}
