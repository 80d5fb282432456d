namespace Handoff.Grains.Tests;

/// <summary>
/// A cluster whose transfers expire seconds after creation, so the expiry reminder fires within a test. Far below
/// Orleans' one-minute reminder period minimum, which the grain meets by carrying expiry in the due time.
/// </summary>
public sealed class ShortRetentionClusterFixture : ClusterFixture
{
    public static readonly TimeSpan ShortRetention = TimeSpan.FromSeconds(2);

    protected override TimeSpan Retention => ShortRetention;
}
