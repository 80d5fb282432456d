namespace Handoff.Client.Auditing;

/// <summary>What verifying an audit log found.</summary>
/// <param name="LogId">The log: a facility id, or "_operator".</param>
/// <param name="Events">Events read, checkpoints included.</param>
/// <param name="BrokenAt">The first sequence at which the chain does not hold; null when it is intact.</param>
/// <param name="Problem">What is wrong at <paramref name="BrokenAt"/>, on one line; null when intact.</param>
/// <param name="LastCountersignedAt">When the newest valid checkpoint was signed; null when none was.</param>
/// <param name="LastCountersignedSequence">The newest sequence a valid checkpoint covers; null when none.</param>
/// <param name="Unchained">Events from before the log's chain began (written by versions without it), not verifiable.</param>
public sealed record AuditVerification(
    string LogId,
    long Events,
    long? BrokenAt,
    string? Problem,
    DateTimeOffset? LastCountersignedAt,
    long? LastCountersignedSequence,
    long Unchained)
{
    /// <summary>True when every chained event is as it was written and nothing is missing.</summary>
    public bool Intact => BrokenAt is null;
}
