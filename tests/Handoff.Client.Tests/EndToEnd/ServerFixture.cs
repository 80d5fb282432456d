using Handoff.Testing;

namespace Handoff.Client.Tests.EndToEnd;

/// <summary>One real server (its own process, data folder and ports) for the end-to-end tests; each test registers its own facilities.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private ServerProcess? _server;

    public ServerProcess Server => _server ?? throw new InvalidOperationException("the server has not started");

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
    }

    /// <summary>Registers a facility with a unique id and returns its id and key.</summary>
    public async Task<(string Id, string Key)> AddFacilityAsync(string purpose)
    {
        var id = $"{purpose}-{Guid.NewGuid():N}"[..24];
        var (_, key) = await HandoffApi.RegisterFacilityAsync(Server, id);
        return (id, key);
    }
}
