using Handoff.Protos.V1;

namespace Handoff.Gateway;

/// <summary>
/// Where instances sent to one called AE title go: `TO_SOUTH=stroke@south:stat` routes what a PACS sends to the
/// gateway's AE "TO_SOUTH" to facility stroke@south at STAT (routine when no priority is given);
/// `TRAUMA=level1@south:stat:eta=45m` also says the patient is expected 45 minutes after the transfer starts (a DICOM
/// association carries no arrival time, so a route that always means the same journey states it).
/// </summary>
/// <param name="CalledAeTitle">The AE title a PACS or modality calls to use the route.</param>
/// <param name="DestinationFacilityId">The facility (facility@network across federation).</param>
/// <param name="Priority">The priority of the transfers it creates.</param>
/// <param name="ArrivalDelay">How long after a transfer of the route starts its patient is expected; null for no expected arrival.</param>
public sealed record GatewayRoute(string CalledAeTitle, string DestinationFacilityId, Priority Priority, TimeSpan? ArrivalDelay = null)
{
    /// <summary>Parses CALLED_AE=DESTINATION[:stat|urgent|routine][:eta=DURATION]; <see cref="FormatException"/> names what is wrong.</summary>
    public static GatewayRoute Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == text.Length - 1)
            throw new FormatException($"route '{text}' is not CALLED_AE=DESTINATION[:stat|urgent|routine][:eta=DURATION]");
        var ae = text[..equals].Trim();
        var parts = text[(equals + 1)..].Split(':', StringSplitOptions.TrimEntries);
        var destination = parts[0];
        var priority = Priority.Routine;
        TimeSpan? delay = null;
        foreach (var part in parts.Skip(1))
        {
            if (part.StartsWith("eta=", StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    delay = Client.ArrivalTime.ParseDelay(part[4..]);
                }
                catch (FormatException invalid)
                {
                    throw new FormatException($"route '{text}': eta {invalid.Message}");
                }
                continue;
            }
            priority = part.ToLowerInvariant() switch
            {
                "stat" => Priority.Stat,
                "urgent" => Priority.Urgent,
                "routine" => Priority.Routine,
                var other => throw new FormatException($"route '{text}': priority '{other}' is not stat, urgent or routine"),
            };
        }
        if (!AeTitles.IsValid(ae))
            throw new FormatException($"route '{text}': '{ae}' is not an AE title (1 to 16 characters, no backslash or control characters)");
        if (destination.Length == 0)
            throw new FormatException($"route '{text}' names no destination facility");
        return new GatewayRoute(ae, destination, priority, delay);
    }
}
