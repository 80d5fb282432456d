using System.Globalization;
using System.Text;

namespace Handoff.Contracts.Audit;

/// <summary>
/// What a checkpoint event says (its detail): the cluster signed the head of the log's chain, the hash of the event at
/// <see cref="Covers"/>, with the key <see cref="KeyId"/> (ECDSA P-256, SHA-256, IEEE P1363 r‖s in base64url), at the
/// checkpoint event's own time. Detail text: <c>covers=N head=HEX key=ID sig=B64URL</c>. The signed bytes are
/// <see cref="Payload"/>; Handoff.Client's AuditCheckpoint reads and checks the same.
/// </summary>
public sealed record AuditCheckpoint(long Covers, string Head, string KeyId, string Signature)
{
    /// <summary>The bytes the cluster signs.</summary>
    public static byte[] Payload(string logId, long covers, string head, DateTimeOffset at) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"handoff.audit.checkpoint.v1\n{logId}\n{covers}\n{head}\n{AuditChain.Time(at)}"));

    /// <summary>The checkpoint event's detail.</summary>
    public string ToDetail() => string.Create(CultureInfo.InvariantCulture, $"covers={Covers} head={Head} key={KeyId} sig={Signature}");
}
