namespace Handoff.Grains.Completeness;

/// <summary>
/// The completeness rules of every destination facility (settings Handoff:Completeness:RulesPath or
/// Handoff:Completeness:Rules, read once at start). A facility without rules gets none: nothing is checked.
/// </summary>
public sealed class CompletenessRuleBook
{
    public static readonly CompletenessRuleBook Empty = new(new Dictionary<string, IReadOnlyList<CompletenessRule>>());

    private readonly IReadOnlyDictionary<string, IReadOnlyList<CompletenessRule>> _byFacility;

    public CompletenessRuleBook(IReadOnlyDictionary<string, IReadOnlyList<CompletenessRule>> byFacility)
    {
        ArgumentNullException.ThrowIfNull(byFacility);
        _byFacility = byFacility;
    }

    public int FacilityCount => _byFacility.Count;

    public IReadOnlyList<CompletenessRule> For(string destinationFacilityId) =>
        _byFacility.TryGetValue(destinationFacilityId, out var rules) ? rules : [];
}
