using System.Text.Json;

namespace Handoff.Cli.Tests.Infrastructure;

/// <summary>One event of `handoff audit --json`.</summary>
public sealed record AuditEntry(string Actor, string FacilityId, string Action, string ObjectType, string ObjectId, string Outcome)
{
    public static AuditEntry From(JsonElement e) => new(
        e.GetProperty("actor").GetString() ?? string.Empty,
        e.GetProperty("facilityId").GetString() ?? string.Empty,
        e.GetProperty("action").GetString() ?? string.Empty,
        e.GetProperty("objectType").GetString() ?? string.Empty,
        e.GetProperty("objectId").GetString() ?? string.Empty,
        e.GetProperty("outcome").GetString() ?? string.Empty);

    public bool Is(string action, string actor, string outcome) => Action == action && Actor == actor && Outcome == outcome;
}
