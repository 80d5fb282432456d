using System.Globalization;
using Handoff.Testing;

namespace Handoff.Server.Tests.Infrastructure;

/// <summary>A server whose per-caller limits are low enough to reach in a test: 5 calls/s in bursts of 20, 2 open streams.</summary>
public sealed class RateLimitedServerFixture : IAsyncLifetime
{
    public const int CallsPerSecond = 5;
    public const int Burst = 20;
    public const int MaxConcurrentStreams = 2;

    public ServerProcess Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await ServerProcess.StartAsync(
        Setting("CallsPerSecond", CallsPerSecond), Setting("Burst", Burst), Setting("MaxConcurrentStreams", MaxConcurrentStreams));

    public async Task DisposeAsync() => await Server.DisposeAsync();

    private static string Setting(string name, int value) => string.Create(CultureInfo.InvariantCulture, $"--Handoff:RateLimit:{name}={value}");
}
