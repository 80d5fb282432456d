namespace Handoff.Grains.Transfers;

/// <summary>
/// What a transfer measured for its arrival forecast (stored with it, in <see cref="TransferGrainState.Arrival"/>):
/// the bytes each study reported stored here, the upload and relay rates, and the verdict last put on the timeline.
/// </summary>
[GenerateSerializer, Alias("handoff.grains.ArrivalState")]
public sealed class ArrivalState
{
    /// <summary>Bytes in the chunk store per study UID, as each study last reported.</summary>
    [Id(0)]
    public Dictionary<string, long> StoredByStudy { get; set; } = [];

    /// <summary>The sum of <see cref="StoredByStudy"/> over time: the upload to this cluster.</summary>
    [Id(1)]
    public MeasuredRate Upload { get; set; } = new();

    /// <summary>Federation: the bytes the relay sent to the peer network over time.</summary>
    [Id(2)]
    public MeasuredRate Relay { get; set; } = new();

    /// <summary>Federation: what the relay has to send to the peer in all; -1 until it reports.</summary>
    [Id(3)]
    public long RelayToSend { get; set; } = -1;

    [Id(4)]
    public long RelaySent { get; set; }

    [Id(5)]
    public ArrivalVerdict Verdict { get; set; }

    /// <summary>When <see cref="Verdict"/> was reached.</summary>
    [Id(6)]
    public DateTimeOffset? VerdictAt { get; set; }

    /// <summary>The total of <see cref="StoredByStudy"/>.</summary>
    public long Stored()
    {
        long total = 0;
        foreach (var bytes in StoredByStudy.Values)
            total += bytes;
        return total;
    }
}
