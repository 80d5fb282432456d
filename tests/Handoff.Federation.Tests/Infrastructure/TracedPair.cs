using Handoff.Testing;

namespace Handoff.Federation.Tests.Infrastructure;

/// <summary>A <see cref="FederatedPair"/> whose servers export their traces to one <see cref="OtlpReceiver"/>, as "north" and "south".</summary>
public sealed class TracedPair : FederatedPair, IDisposable
{
    public OtlpReceiver Collector { get; } = new();

    protected override IReadOnlyDictionary<string, string> EnvironmentOf(string network) => Collector.EnvironmentFor(network);

    public void Dispose() => Collector.Dispose();
}
