using Handoff.Protos.V1;

namespace Handoff.Client;

/// <summary>What a send is for and how it runs.</summary>
public sealed record SendOptions
{
    /// <summary>The destination facility id (a slug such as <c>st-marys</c>, or <c>facility@network</c> across federation).</summary>
    public required string DestinationFacilityId { get; init; }

    /// <summary>How urgent: STAT for a trauma or stroke patient on the way.</summary>
    public Priority Priority { get; init; } = Priority.Routine;

    /// <summary>Why the studies are sent, for the receiving team (no patient identifiers).</summary>
    public string Reason { get; init; } = string.Empty;

    /// <summary>When the patient is expected at the destination, if known: the images should be there first.</summary>
    public DateTimeOffset? ExpectedArrival { get; init; }

    /// <summary>
    /// An open transfer of this facility to the same destination to add the studies to, instead of creating one:
    /// the priors of a patient whose transfer is still on its way. Null (the default) creates a transfer.
    /// </summary>
    public string? AddToTransferId { get; init; }

    /// <summary>Concurrent upload streams (1 to 64).</summary>
    public int Parallel { get; init; } = 4;

    /// <summary>Receives a report after each step; null for none.</summary>
    public IProgress<TransferProgress>? Progress { get; init; }

    /// <summary>Told of each instance left out because the source offered an identical copy of it twice.</summary>
    public Action<SkippedInstance>? InstanceSkipped { get; init; }

    /// <summary>
    /// What a PACS reported for each study, by Study Instance UID (see <see cref="ExpectedInstances"/>): the
    /// destination then sees a study that arrived with fewer instances as incomplete. Null when nothing was reported.
    /// </summary>
    public IReadOnlyDictionary<string, ExpectedInstances>? Expected { get; init; }
}
