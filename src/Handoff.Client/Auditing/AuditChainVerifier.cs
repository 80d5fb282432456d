using System.Globalization;
using Handoff.Protos.V1;

namespace Handoff.Client.Auditing;

/// <summary>
/// Recomputes an audit log's chain from its events, oldest first, and checks each checkpoint's signature: names the
/// first sequence that is missing, out of place, or does not hash to what the chain says. An event changed in storage
/// breaks at its own sequence; one removed breaks where its sequence is missing; hashes rewritten to match a change
/// break at the next checkpoint, whose signed head no longer matches. Hashes stripped to pass events off as older than
/// the chain break too: a checkpoint must carry a hash, each signs where the chain starts, and a chain longer than the
/// cluster's checkpoint rate must hold a valid checkpoint.
/// </summary>
internal static class AuditChainVerifier
{
    /// <param name="logId">The log read.</param>
    /// <param name="oldestFirst">Its events, checkpoints included.</param>
    /// <param name="keys">The trusted signing keys.</param>
    /// <param name="checkpointEvents">Events after which the cluster countersigns (0: unknown, not checked).</param>
    public static AuditVerification Verify(string logId, IReadOnlyList<AuditEvent> oldestFirst, AuditKeyRing keys, int checkpointEvents = 0)
    {
        string? previous = null;
        long unchained = 0;
        long chained = 0;
        long? chainStart = null;
        long? lastCheckpointSequence = null;
        long lastCheckpointEnd = -1;
        DateTimeOffset? lastCheckpointAt = null;
        var expected = 0L;
        AuditVerification Broken(long at, string problem) =>
            new(logId, oldestFirst.Count, at, problem, lastCheckpointAt, lastCheckpointSequence, unchained);
        foreach (var e in oldestFirst)
        {
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
                // Checkpoints only exist in a chain: one without a hash had it stripped, to skip its signature.
                if (e.Action == AuditChain.CheckpointAction)
                    return Broken(e.Sequence, "it is a checkpoint with no hash (hashes were stripped)");
                unchained++;
                continue;
            }
            chainStart ??= e.Sequence;
            chained++;
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
                // The signature fixes where the chain starts, so hashes stripped from its first events show here.
                if (AuditCheckpointClaim.TryParse(e.Detail)?.Start is { } signedStart && signedStart != chainStart)
                {
                    return Broken(Math.Min(signedStart, chainStart.Value), string.Create(CultureInfo.InvariantCulture,
                        $"the checkpoint at {e.Sequence} signs a chain starting at {signedStart}, but hashes start at {chainStart} (hashes were stripped or added)"));
                }
                lastCheckpointSequence = e.Sequence - 1;
                lastCheckpointEnd = e.Sequence;
                lastCheckpointAt = e.At?.ToDateTimeOffset();
            }
            previous = e.Hash;
        }
        // The cluster countersigns every checkpointEvents events in the same write that adds them, so a longer chain
        // with no valid checkpoint had its checkpoints removed or its hashes rewritten from the genesis.
        if (checkpointEvents > 0 && lastCheckpointSequence is null && chained > checkpointEvents)
        {
            return Broken(chainStart!.Value, string.Create(CultureInfo.InvariantCulture,
                $"{chained} chained events and no valid checkpoint, though the cluster countersigns every {checkpointEvents} (checkpoints removed or hashes rewritten)"));
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
