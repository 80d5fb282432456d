using Handoff.Contracts.Transfers;

namespace Handoff.Grains.Completeness;

/// <summary>What the timeline says when a finding is gone, if anything.</summary>
internal static class CompletenessMet
{
    /// <summary>
    /// The detail of the <see cref="TransferEventKind.CompletenessMet"/> event for <paramref name="gone"/>, or null when
    /// there is nothing to say: a rule finding is gone also when its rule was taken out of the configuration, and then
    /// the rule was not met (saying so would tell the destination a study it needs has arrived).
    /// </summary>
    public static string? Detail(CompletenessFinding gone, IReadOnlyList<CompletenessRule> configured)
    {
        ArgumentNullException.ThrowIfNull(gone);
        ArgumentNullException.ThrowIfNull(configured);
        if (gone.Rule.Length == 0)
            return "the study is whole now";
        foreach (var rule in configured)
        {
            if (rule.Name == gone.Rule)
                return $"rule \"{gone.Rule}\" met";
        }

        return null;
    }
}
