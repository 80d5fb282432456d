namespace Handoff.Grains.Completeness;

/// <summary>
/// One rule of a destination facility: when a carried study matches <see cref="When"/> (always, when it is null),
/// one of the matching studies must hold a series matching <see cref="Require"/>. Built only by
/// <see cref="CompletenessRuleParser"/>, which checks every field.
/// </summary>
public sealed record CompletenessRule(string Name, StudyCondition? When, SeriesCondition Require);

/// <summary>Which studies a rule is about; every condition given must hold. Text matches ignore case.</summary>
/// <param name="Modality">A series of the study has this modality (0008,0060), e.g. CT.</param>
/// <param name="StudyDescriptionContains">The Study Description (0008,1030) contains this.</param>
public sealed record StudyCondition(string? Modality, string? StudyDescriptionContains);

/// <summary>What the required series must be; every condition given must hold, and at least one is given.</summary>
/// <param name="Modality">Its modality (0008,0060).</param>
/// <param name="DescriptionContains">Its Series Description (0008,103E) contains this.</param>
/// <param name="SliceThicknessAtMost">Its thickest Slice Thickness (0018,0050) is at most this many mm.</param>
/// <param name="MinInstances">At least this many of its instances arrived.</param>
public sealed record SeriesCondition(string? Modality, string? DescriptionContains, double? SliceThicknessAtMost, int? MinInstances)
{
    /// <summary>What the rule asks for, in words for the timeline ("series with Series Description containing 'CTA'").</summary>
    public string Describe()
    {
        var parts = new List<string>(4);
        if (Modality is not null)
            parts.Add($"modality {Modality}");
        if (DescriptionContains is not null)
            parts.Add($"Series Description containing '{DescriptionContains}'");
        if (SliceThicknessAtMost is { } mm)
            parts.Add(FormattableString.Invariant($"Slice Thickness ≤ {mm} mm"));
        if (MinInstances is { } count)
            parts.Add(FormattableString.Invariant($"at least {count} instances"));
        return "series with " + string.Join(", ", parts);
    }
}
