using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Hosting;

namespace Handoff.Storage.Reminders;

/// <summary>Registers <see cref="FileReminderTable"/> as the silo's reminder table, the way Orleans' in-memory table is registered.</summary>
public static class FileReminderServiceExtensions
{
    public static ISiloBuilder UseFileReminderService(this ISiloBuilder builder, Action<FileReminderTableOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return builder.UseFileReminderService(optionsBuilder => optionsBuilder.Configure(configure));
    }

    /// <summary>For options that depend on other services (a data path bound from configuration).</summary>
    public static ISiloBuilder UseFileReminderService(this ISiloBuilder builder, Action<OptionsBuilder<FileReminderTableOptions>> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configureOptions);
        builder.AddReminders();
        builder.ConfigureServices(services =>
        {
            configureOptions(services.AddOptions<FileReminderTableOptions>().ValidateOnStart());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FileReminderTableOptions>, FileReminderTableOptionsValidator>());
            services.AddSingleton<FileReminderTable>();
            services.AddSingleton<IReminderTable>(provider => provider.GetRequiredService<FileReminderTable>());
        });
        return builder;
    }
}
