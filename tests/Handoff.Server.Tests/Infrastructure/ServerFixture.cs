using Handoff.Testing;

namespace Handoff.Server.Tests.Infrastructure;

/// <summary>One server shared by the tests of a class (each class gets its own, so classes run in parallel).</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public ServerProcess Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await ServerProcess.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
