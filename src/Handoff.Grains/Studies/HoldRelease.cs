namespace Handoff.Grains.Studies;

/// <summary>What releasing a transfer's hold did to a study (<see cref="StudyHolds.Release"/>).</summary>
internal enum HoldRelease
{
    /// <summary>The transfer neither listened to nor held the study: nothing changed.</summary>
    NotHeld,

    /// <summary>The hold is gone; other transfers still keep the study.</summary>
    StillHeld,

    /// <summary>That was the last hold: the study is to be cleared.</summary>
    LastReleased,
}
