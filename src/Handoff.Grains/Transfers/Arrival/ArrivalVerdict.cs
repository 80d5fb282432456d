namespace Handoff.Grains.Transfers;

/// <summary>Where a transfer with an expected arrival stands; each change but Ready adds a timeline event.</summary>
public enum ArrivalVerdict
{
    /// <summary>Nothing said yet: in time as far as anyone knows.</summary>
    None = 0,

    /// <summary>Predicted too close to (or after) the arrival: <see cref="Contracts.Transfers.TransferEventKind.AtRisk"/>.</summary>
    AtRisk = 1,

    /// <summary>Was at risk, recovered: <see cref="Contracts.Transfers.TransferEventKind.OnTrack"/>.</summary>
    OnTrack = 2,

    /// <summary>The arrival passed first: <see cref="Contracts.Transfers.TransferEventKind.Late"/>. Final.</summary>
    Late = 3,

    /// <summary>The destination has every image before the arrival (an at-risk transfer says OnTrack on the way here).</summary>
    Ready = 4,
}
