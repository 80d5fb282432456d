using Handoff.Client;
using Handoff.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Handoff.Gateway.Tests;

/// <summary>A whole gateway (<see cref="GatewayHost"/>) running in the test with its own client; stopped and closed on dispose.</summary>
internal sealed class RunningGateway : IAsyncDisposable
{
    private readonly HandoffClient _client;
    private readonly GatewayHost _host;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    private RunningGateway(HandoffClient client, GatewaySettings settings)
    {
        _client = client;
        _host = new GatewayHost(client, settings, NullLogger.Instance);
        _host.Start();
        _running = _host.RunAsync(_stop.Token);
        Spool = settings.Spool;
    }

    public string Spool { get; }

    /// <summary>Starts a gateway for the facility whose key is given, against the test's server.</summary>
    public static RunningGateway Start(ServerProcess server, string key, GatewaySettings settings, Client.Receipts.ReceiptSigningKey? receiptKey = null) =>
        new(new HandoffClient(HandoffClientOptions.For(new Uri(server.Address), key) with { ReceiptSigningKey = receiptKey }), settings);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _running);
        await _host.DisposeAsync();
        _client.Dispose();
        _stop.Dispose();
    }
}
