using Handoff.Storage.Azure;
using Handoff.Testing;

namespace Handoff.Azure.Tests.Infrastructure;

/// <summary>
/// Several real server processes forming one Azure-profile cluster on one Azurite (same cluster id, tables and chunk
/// container; their own ports), and what a test needs around them: facilities, the clients' address lists, the
/// cluster's chunk container.
/// </summary>
public sealed class SiloCluster : IAsyncDisposable
{
    private readonly ServerProcess[] _silos;

    private SiloCluster(AzureCluster azure, ServerProcess[] silos)
    {
        Azure = azure;
        _silos = silos;
    }

    public AzureCluster Azure { get; }

    public IReadOnlyList<ServerProcess> Silos => _silos;

    /// <summary>Starts the silos one after the other (each joins the cluster the previous ones formed).</summary>
    public static async Task<SiloCluster> StartAsync(string connectionString, int silos, params string[] arguments)
    {
        var azure = AzureCluster.New(connectionString);
        var settings = new ServerSettings { Azure = azure, Arguments = arguments };
        var started = new List<ServerProcess>();
        try
        {
            for (var i = 0; i < silos; i++)
                started.Add(await ServerProcess.StartAsync(settings));
        }
        catch
        {
            foreach (var silo in started)
                await silo.DisposeAsync();
            throw;
        }
        return new SiloCluster(azure, [.. started]);
    }

    /// <summary>The `--server` value listing the silos in this order (the client starts with the first).</summary>
    public string Addresses(params int[] order) => string.Join(',', order.Select(i => _silos[i].Address));

    /// <summary>Registers a facility through the first silo still running; returns its API key.</summary>
    public async Task<string> RegisterFacilityAsync(string facilityId)
    {
        var (_, key) = await HandoffApi.RegisterFacilityAsync(_silos.First(s => !s.HasExited), facilityId);
        return key;
    }

    /// <summary>The chunk container every silo of this cluster writes to, read directly (not through a server).</summary>
    public AzureBlobChunkStore ChunkStore() =>
        new(new AzureStorageOptions { ConnectionString = Azure.ConnectionString, ChunkContainer = Azure.ChunkContainer });

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
            await silo.DisposeAsync();
    }
}
