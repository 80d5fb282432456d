namespace Handoff.Contracts.Facilities;

/// <summary>
/// Facility API keys look like "hk_{facility}_{secret}": the facility id is readable so the server knows which
/// facility grain verifies the secret without any lookup table, and the secret is 32 random bytes in lowercase hex (no underscore, so the last one separates them).
/// </summary>
public static class ApiKeyFormat
{
    public const string Prefix = "hk_";

    public static string Compose(string facilityId, string secret) => $"{Prefix}{facilityId}_{secret}";

    /// <summary>The facility id of a well-formed key; null otherwise.</summary>
    public static string? FacilityOf(string apiKey)
    {
        ArgumentNullException.ThrowIfNull(apiKey);
        if (!apiKey.StartsWith(Prefix, StringComparison.Ordinal))
            return null;
        var separator = apiKey.LastIndexOf('_');
        return separator > Prefix.Length ? apiKey[Prefix.Length..separator] : null;
    }
}
