using Handoff.Grains.Completeness;
using Microsoft.Extensions.Options;

namespace Handoff.Server.Completeness;

/// <summary>
/// The completeness rules as a service the transfer grains read, checked when the host starts: a bad rules document
/// stops the start with a message naming the facility, the rule and the field.
/// </summary>
public static class CompletenessSetup
{
    public static IServiceCollection AddHandoffCompleteness(this IServiceCollection services)
    {
        services.AddOptions<CompletenessOptions>().BindConfiguration(CompletenessOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CompletenessOptions>, RulesValidator>();
        services.AddSingleton(provider => CompletenessRulesLoader.Load(provider.GetRequiredService<IConfiguration>()));
        return services;
    }

    /// <summary>Loads the rules once at start only to report what is wrong with them.</summary>
    private sealed class RulesValidator(IConfiguration configuration) : IValidateOptions<CompletenessOptions>
    {
        public ValidateOptionsResult Validate(string? name, CompletenessOptions options)
        {
            try
            {
                CompletenessRulesLoader.Load(configuration);
                return ValidateOptionsResult.Success;
            }
            catch (CompletenessRuleException invalid)
            {
                return ValidateOptionsResult.Fail(invalid.Message);
            }
        }
    }
}
