using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Handoff.Server.Options;
using SiloOptions = Handoff.Server.Options.SiloOptions;
using Handoff.Storage.Azure;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace Handoff.Server.Hosting;

/// <summary>
/// The Azure profile of the silo: membership in an Azure table, grain state as blobs (a study's state can outgrow a
/// 1 MB table entity), reminders in a table, all in the account of <c>Handoff:Azure:ConnectionString</c>.
/// </summary>
public static class AzureSiloSetup
{
    /// <summary>The profile chosen by <c>Handoff:Storage</c> (Local when unset), read while the host is built.</summary>
    public static StorageProfile ReadStorageProfile(this IConfiguration configuration) =>
        configuration.GetSection(HandoffOptions.Section).Get<HandoffOptions>()?.Storage ?? StorageProfile.Local;

    /// <summary>
    /// Binds and validates <c>Handoff:Azure</c> and registers the start-up probe; call before <c>UseOrleans</c> so the
    /// probe runs before the silo. The providers below read the settings through <see cref="IOptions{T}"/>, so an
    /// invalid one ends start-up with the one-line configuration error, not a stack trace from a client constructor.
    /// </summary>
    public static IHostApplicationBuilder AddHandoffAzureStorage(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<AzureStorageOptions>().BindConfiguration(AzureStorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<AzureStorageProbe>();
        return builder;
    }

    public static ISiloBuilder UseHandoffAzureClustering(this ISiloBuilder orleans, SiloOptions silo)
    {
        ArgumentNullException.ThrowIfNull(orleans);
        ArgumentNullException.ThrowIfNull(silo);
        orleans.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = silo.ClusterId;
            cluster.ServiceId = silo.ServiceId;
        });
        // Kubernetes hosting replaces the advertised address with POD_IP.
        orleans.ConfigureEndpoints(SiloAddresses.Advertised(silo), silo.SiloPort, silo.GatewayPort, listenOnAnyHostAddress: true);
        orleans.UseAzureStorageClustering(clustering => clustering.Configure<IOptions<AzureStorageOptions>>((table, azure) =>
        {
            table.TableServiceClient = new TableServiceClient(azure.Value.ConnectionString, StorageClientOptions.Table());
            table.TableName = azure.Value.MembershipTable;
        }));
        return orleans;
    }

    public static ISiloBuilder AddHandoffAzureGrainState(this ISiloBuilder orleans, string grainStorageName)
    {
        ArgumentNullException.ThrowIfNull(orleans);
        orleans.AddAzureBlobGrainStorage(grainStorageName, storage => storage.Configure<IOptions<AzureStorageOptions>, Serializer>((blob, azure, serializer) =>
        {
            blob.BlobServiceClient = new BlobServiceClient(azure.Value.ConnectionString, StorageClientOptions.Blob());
            blob.ContainerName = azure.Value.GrainStateContainer;
            // The same binary format as the file storage: [GenerateSerializer] states with stable [Id]s, not JSON.
            blob.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
        }));
        orleans.UseAzureTableReminderService(reminders => reminders.Configure<IOptions<AzureStorageOptions>>((table, azure) =>
        {
            table.TableServiceClient = new TableServiceClient(azure.Value.ConnectionString, StorageClientOptions.Table());
            table.TableName = azure.Value.RemindersTable;
        }));
        return orleans;
    }
}
