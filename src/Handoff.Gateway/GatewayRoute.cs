using Handoff.Protos.V1;

namespace Handoff.Gateway;

/// <summary>
/// Where instances sent to one called AE title go: `TO_SOUTH=stroke@south:stat` routes what a PACS sends to the
/// gateway's AE "TO_SOUTH" to facility stroke@south at STAT (routine when no priority is given).
/// </summary>
/// <param name="CalledAeTitle">The AE title a PACS or modality calls to use the route.</param>
/// <param name="DestinationFacilityId">The facility (facility@network across federation).</param>
/// <param name="Priority">The priority of the transfers it creates.</param>
public sealed record GatewayRoute(string CalledAeTitle, string DestinationFacilityId, Priority Priority)
{
    /// <summary>Parses CALLED_AE=DESTINATION[:stat|urgent|routine]; <see cref="FormatException"/> names what is wrong.</summary>
    public static GatewayRoute Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == text.Length - 1)
            throw new FormatException($"route '{text}' is not CALLED_AE=DESTINATION[:stat|urgent|routine]");
        var ae = text[..equals].Trim();
        var rest = text[(equals + 1)..].Trim();
        var priority = Priority.Routine;
        var colon = rest.LastIndexOf(':');
        if (colon >= 0)
        {
            priority = rest[(colon + 1)..].ToLowerInvariant() switch
            {
                "stat" => Priority.Stat,
                "urgent" => Priority.Urgent,
                "routine" => Priority.Routine,
                var other => throw new FormatException($"route '{text}': priority '{other}' is not stat, urgent or routine"),
            };
            rest = rest[..colon];
        }
        if (!AeTitles.IsValid(ae))
            throw new FormatException($"route '{text}': '{ae}' is not an AE title (1 to 16 characters, no backslash or control characters)");
        if (rest.Length == 0)
            throw new FormatException($"route '{text}' names no destination facility");
        return new GatewayRoute(ae, rest, priority);
    }
}
