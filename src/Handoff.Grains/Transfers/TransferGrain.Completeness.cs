using Handoff.Contracts.Transfers;
using Handoff.Grains.Completeness;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.Grains.Transfers;

/// <summary>
/// Completeness: once every carried study is done (its sender completed it), what the transfer misses is worked out
/// again (<see cref="CompletenessEvaluator"/>: studies that are not whole, the destination's rules) and each change
/// goes on the timeline, which both facilities read: an <see cref="TransferEventKind.Incomplete"/> event for each new
/// finding, a <see cref="TransferEventKind.CompletenessMet"/> event for each finding gone (a series added later).
/// </summary>
public sealed partial class TransferGrain
{
    private CompletenessRuleBook Rules => ServiceProvider.GetService<CompletenessRuleBook>() ?? CompletenessRuleBook.Empty;

    /// <summary>
    /// Call after the studies changed; a study still receiving leaves the last findings standing (its new instances may
    /// be the missing ones), and the check runs again once it is done.
    /// </summary>
    private void CheckCompleteness()
    {
        if (!_studies.AllComplete || _studies.Count == 0)
            return;
        var rules = Rules.For(State.DestinationFacilityId);
        var now = CompletenessEvaluator.Evaluate(rules, _studies.ToArray());
        var before = State.Completeness;
        foreach (var finding in now)
        {
            if (!before.Contains(finding))
                Append(TransferEventKind.Incomplete, SystemActor, finding.StudyInstanceUid, detail: finding.Detail);
        }

        foreach (var finding in before)
        {
            if (now.Exists(f => f.Rule == finding.Rule && f.StudyInstanceUid == finding.StudyInstanceUid))
                continue;
            if (CompletenessMet.Detail(finding, rules) is { } detail)
                Append(TransferEventKind.CompletenessMet, SystemActor, finding.StudyInstanceUid, detail: detail);
        }

        State.Completeness = now;
    }
}
