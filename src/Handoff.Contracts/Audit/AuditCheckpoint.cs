using System.Globalization;
using System.Text;

namespace Handoff.Contracts.Audit;

/// <summary>
/// What a checkpoint event says (its detail): the cluster signed the head of the log's chain, the hash of the event at
/// <see cref="Covers"/>, and where the chain starts (<see cref="Start"/>: the sequence of its first hashed event, so
/// the number of older, unhashed events is fixed by the signature and cannot be grown by stripping hashes), with the
/// key <see cref="KeyId"/> (ECDSA P-256, SHA-256, IEEE P1363 r‖s in base64url), at the checkpoint event's own time.
/// Detail text: <c>covers=N start=S head=HEX key=ID sig=B64URL</c>. The signed bytes are <see cref="Payload"/>;
/// Handoff.Client's AuditCheckpointClaim reads and checks the same (and v1 checkpoints, written before start was signed).
/// </summary>
public sealed record AuditCheckpoint(long Covers, long Start, string Head, string KeyId, string Signature)
{
    /// <summary>The bytes the cluster signs.</summary>
    public static byte[] Payload(string logId, long start, long covers, string head, DateTimeOffset at) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"handoff.audit.checkpoint.v2\n{logId}\n{start}\n{covers}\n{head}\n{AuditChain.Time(at)}"));

    /// <summary>The checkpoint event's detail.</summary>
    public string ToDetail() => string.Create(CultureInfo.InvariantCulture, $"covers={Covers} start={Start} head={Head} key={KeyId} sig={Signature}");
}
