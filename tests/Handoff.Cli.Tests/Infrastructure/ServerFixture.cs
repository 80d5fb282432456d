using Handoff.Testing;

namespace Handoff.Cli.Tests.Infrastructure;

/// <summary>One server shared by the tests of a class (each test registers its own facilities), started once.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private ServerProcess? _server;

    public ServerProcess Server => _server ?? throw new InvalidOperationException("the server has not started");

    public async Task InitializeAsync() => _server = await CliServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
    }
}
