using Handoff.Grains.Studies;
using Handoff.Grains.Transfers;
using Handoff.Server.Completeness;
using Handoff.Server.Options;

namespace Handoff.Server.Hosting;

/// <summary>Every Handoff setting, bound from its configuration section and validated when the host starts.</summary>
public static class OptionsSetup
{
    public static IServiceCollection AddHandoffOptions(this IServiceCollection services)
    {
        services.AddOptions<HandoffOptions>().BindConfiguration(HandoffOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SiloOptions>().BindConfiguration(SiloOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<UploadOptions>().BindConfiguration(UploadOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<LoggingOptions>().BindConfiguration(LoggingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<StudyLimitOptions>().BindConfiguration(StudyLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DicomWebOptions>().BindConfiguration(DicomWebOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<UserOptions>().BindConfiguration(UserOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Defined by the grains (they use it); bound here like every other setting. It validates itself.
        services.AddOptions<TransferRetentionOptions>().BindConfiguration("Handoff:Retention")
            .Validate(retention => retention.Validate() is null, "Handoff:Retention:Retention must be a positive time span (e.g. 30.00:00:00)")
            .ValidateOnStart();
        services.AddHandoffCompleteness();
        services.AddOptions<ArrivalOptions>().BindConfiguration(ArrivalOptions.Section)
            .Validate(arrival => arrival.Validate() is null, "Handoff:Arrival: Margin and Hysteresis 0 to 1 day, RateWindow 1 s to 1 h, CheckInterval 0.1 s to 10 min")
            .ValidateOnStart();
        return services;
    }
}
