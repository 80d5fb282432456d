namespace Handoff.Grains.Transfers;

/// <summary>
/// How long a transfer lives. The host binds it from configuration and validates it on start; a transfer's expiry
/// time is fixed when it is created, so changing this affects only transfers created afterwards.
/// </summary>
public sealed class TransferRetentionOptions
{
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(30);

    /// <summary>
    /// Time from creation until the transfer expires (state Expired, an Expired event, its studies released) by
    /// an Orleans reminder. Any positive span works, including seconds for tests: the reminder's due time carries
    /// the expiry, and Orleans' one-minute minimum applies only to the reminder's repeat period. A study released by
    /// its last transfer is cleared at once; one never sent is cleared this long after its last change.
    /// </summary>
    public TimeSpan Retention { get; set; } = DefaultRetention;

    /// <summary>The problem with the settings, or null when they are usable.</summary>
    public string? Validate() =>
        Retention <= TimeSpan.Zero ? $"Retention must be positive (it is {Retention})" : null;
}
