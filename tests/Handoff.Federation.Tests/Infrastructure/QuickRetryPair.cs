namespace Handoff.Federation.Tests.Infrastructure;

/// <summary>A pair whose north retries a relay at least every 2 s, so tests of outages wait seconds, not half a minute.</summary>
public sealed class QuickRetryPair : FederatedPair
{
    protected override IReadOnlyList<string> NorthArguments => ["--Handoff:Federation:RelayRetryLimit=00:00:02"];
}
