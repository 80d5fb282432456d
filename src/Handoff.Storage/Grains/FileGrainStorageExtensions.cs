using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Handoff.Storage.Grains;

/// <summary>Registers <see cref="FileGrainStorage"/> as a named or as the default grain storage provider.</summary>
public static class FileGrainStorageExtensions
{
    public static ISiloBuilder AddFileGrainStorage(this ISiloBuilder builder, string providerName, Action<FileGrainStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return builder.AddFileGrainStorage(providerName, optionsBuilder => optionsBuilder.Configure(configure));
    }

    /// <summary>
    /// For options that depend on other services, e.g.
    /// <c>o => o.Configure&lt;IOptions&lt;HostOptions&gt;&gt;((f, h) => f.RootDirectory = h.Value.DataPath)</c>.
    /// </summary>
    public static ISiloBuilder AddFileGrainStorage(
        this ISiloBuilder builder, string providerName, Action<OptionsBuilder<FileGrainStorageOptions>> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(providerName);
        ArgumentNullException.ThrowIfNull(configureOptions);
        builder.ConfigureServices(services =>
        {
            configureOptions(services.AddOptions<FileGrainStorageOptions>(providerName).ValidateOnStart());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FileGrainStorageOptions>, FileGrainStorageOptionsValidator>());
            services.AddGrainStorage(providerName, Create);
        });
        return builder;
    }

    /// <summary>The provider used by <c>[PersistentState("name")]</c> without a storage name.</summary>
    public static ISiloBuilder AddFileGrainStorageAsDefault(this ISiloBuilder builder, Action<FileGrainStorageOptions> configure) =>
        builder.AddFileGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configure);

    public static ISiloBuilder AddFileGrainStorageAsDefault(
        this ISiloBuilder builder, Action<OptionsBuilder<FileGrainStorageOptions>> configureOptions) =>
        builder.AddFileGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    private static FileGrainStorage Create(IServiceProvider services, string providerName)
    {
        var options = services.GetRequiredService<IOptionsMonitor<FileGrainStorageOptions>>().Get(providerName);
        var serializer = options.GrainStorageSerializer ?? new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>());
        return new FileGrainStorage(
            providerName,
            options,
            serializer,
            services.GetRequiredService<IActivatorProvider>(),
            services.GetRequiredService<ILogger<FileGrainStorage>>());
    }
}
