using System.Globalization;
using Handoff.Protos.V1;

namespace Handoff.Client.Auditing;

/// <summary>
/// Recomputes an audit log's chain from its events, oldest first, and checks each checkpoint's signature: names the
/// first sequence that is missing, out of place, or does not hash to what the chain says. An event changed in storage
/// breaks at its own sequence; one removed breaks where its sequence is missing; hashes rewritten to match a change
/// break at the next checkpoint, whose signed head no longer matches.
/// </summary>
internal static class AuditChainVerifier
{
    public static AuditVerification Verify(string logId, IReadOnlyList<AuditEvent> oldestFirst, AuditKeyRing keys)
    {
        string? previous = null;
        long unchained = 0;
        long? lastCheckpointSequence = null;
        long lastCheckpointEnd = -1;
        DateTimeOffset? lastCheckpointAt = null;
        var expected = 0L;
        foreach (var e in oldestFirst)
        {
            AuditVerification Broken(long at, string problem) =>
                new(logId, oldestFirst.Count, at, problem, lastCheckpointAt, lastCheckpointSequence, unchained);

            if (e.Sequence != expected)
            {
                // Logs of versions that truncated start later; anything else missing is a removal.
                if (expected == 0 && e.Hash.Length == 0)
                    expected = e.Sequence;
                else
                    return Broken(expected, e.Sequence > expected ? $"event {expected} is missing" : $"event {e.Sequence} is out of order");
            }
            expected++;
            if (e.Hash.Length == 0)
            {
                if (previous is not null)
                    return Broken(e.Sequence, "it has no hash, though the chain began earlier");
                unchained++;
                continue;
            }
            var computed = AuditChain.Hash(previous ?? AuditChain.Genesis(logId), e);
            if (!string.Equals(computed, e.Hash, StringComparison.OrdinalIgnoreCase))
                return Broken(e.Sequence, previous is null
                    ? "it does not hash to its stored value from the log's genesis (changed, or events before it removed)"
                    : "it does not hash to its stored value (its content was changed)");
            if (e.Action == AuditChain.CheckpointAction)
            {
                var problem = CheckCheckpoint(logId, e, previous, keys);
                if (problem is not null)
                {
                    return Broken(lastCheckpointEnd + 1, string.Create(CultureInfo.InvariantCulture,
                        $"the checkpoint at {e.Sequence} does not hold ({problem}): events {lastCheckpointEnd + 1} to {e.Sequence - 1} were changed or removed"));
                }
                lastCheckpointSequence = e.Sequence - 1;
                lastCheckpointEnd = e.Sequence;
                lastCheckpointAt = e.At?.ToDateTimeOffset();
            }
            previous = e.Hash;
        }
        return new AuditVerification(logId, oldestFirst.Count, null, null, lastCheckpointAt, lastCheckpointSequence, unchained);
    }

    private static string? CheckCheckpoint(string logId, AuditEvent checkpoint, string? previous, AuditKeyRing keys)
    {
        if (AuditCheckpointClaim.TryParse(checkpoint.Detail) is not { } claim)
            return "its detail is not a checkpoint";
        if (claim.Covers != checkpoint.Sequence - 1 || previous is null || !string.Equals(claim.Head, previous, StringComparison.OrdinalIgnoreCase))
            return "it signs a head other than the event before it";
        return keys.Check(claim.KeyId, claim.Payload(logId, checkpoint.At?.ToDateTimeOffset() ?? DateTimeOffset.UnixEpoch), claim.Signature);
    }
}
