using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Handoff.Client.Auditing;

/// <summary>
/// What a checkpoint event's detail claims (<c>covers=N start=S head=HEX key=ID sig=B64URL</c>): the cluster signed the
/// head of the chain, the hash of event <see cref="Covers"/>, and the sequence its chain starts at (<see cref="Start"/>),
/// with key <see cref="KeyId"/>, at the checkpoint event's time. Checkpoints written before the start was signed (v1)
/// have no start: their signature still proves the head, but not where the chain began.
/// </summary>
internal sealed record AuditCheckpointClaim(long Covers, long? Start, string Head, string KeyId, byte[] Signature)
{
    public static AuditCheckpointClaim? TryParse(string detail)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in detail.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
                fields[part[..equals]] = part[(equals + 1)..];
        }
        if (!fields.TryGetValue("covers", out var covers) || !long.TryParse(covers, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || !fields.TryGetValue("head", out var head) || !fields.TryGetValue("key", out var key) || !fields.TryGetValue("sig", out var signature))
            return null;
        long? start = null;
        if (fields.TryGetValue("start", out var startText))
        {
            if (!long.TryParse(startText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                return null;
            start = parsed;
        }
        try
        {
            return new AuditCheckpointClaim(sequence, start, head, key, Base64Url.DecodeFromChars(signature));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The bytes the cluster signed (Handoff.Contracts' AuditCheckpoint.Payload; v1 without the start).</summary>
    public byte[] Payload(string logId, DateTimeOffset at) =>
        Encoding.UTF8.GetBytes(Start is { } start
            ? string.Create(CultureInfo.InvariantCulture, $"handoff.audit.checkpoint.v2\n{logId}\n{start}\n{Covers}\n{Head}\n{AuditChain.Time(at)}")
            : string.Create(CultureInfo.InvariantCulture, $"handoff.audit.checkpoint.v1\n{logId}\n{Covers}\n{Head}\n{AuditChain.Time(at)}"));
}
