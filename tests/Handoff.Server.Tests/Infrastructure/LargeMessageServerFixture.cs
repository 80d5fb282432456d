using Handoff.Testing;

namespace Handoff.Server.Tests.Infrastructure;

/// <summary>
/// A server with the production chunk size (1 MiB), so it accepts requests of up to 1 MiB + 64 KiB: room for a
/// megabyte-long field, which the tests' small chunk size would refuse as an oversize message before any check.
/// </summary>
public sealed class LargeMessageServerFixture : IAsyncLifetime
{
    public ServerProcess Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await ServerProcess.StartAsync(new ServerSettings { ChunkSize = null });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
