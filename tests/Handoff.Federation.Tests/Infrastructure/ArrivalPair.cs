namespace Handoff.Federation.Tests.Infrastructure;

/// <summary>A pair whose north judges arrivals on a test's time scale: seconds of margin and rate window, not minutes.</summary>
public sealed class ArrivalPair : FederatedPair
{
    protected override IReadOnlyList<string> NorthArguments =>
    [
        "--Handoff:Arrival:Margin=00:00:02", "--Handoff:Arrival:Hysteresis=00:00:01", "--Handoff:Arrival:RateWindow=00:00:05",
        "--Handoff:Arrival:CheckInterval=00:00:00.500",
    ];
}
