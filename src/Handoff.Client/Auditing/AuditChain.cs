using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Handoff.Protos.V1;

namespace Handoff.Client.Auditing;

/// <summary>
/// The hash chain of a Handoff audit log, recomputed by the client so a verifier need not trust the server (the
/// server's copy of the rule is Handoff.Contracts' AuditChain; a test keeps them equal):
/// <c>genesis = SHA-256("handoff.audit.genesis.v1\n" + log id)</c>, and each event's hash is SHA-256 over the
/// previous hash (32 bytes), the sequence (int64 big endian) and the fields at, actor, facility id, action, object
/// type, object id, outcome, detail and network address, each as a uint32 big-endian byte length and UTF-8 (at as
/// yyyy-MM-ddTHH:mm:ss.fffffffZ in UTC).
/// </summary>
public static class AuditChain
{
    /// <summary>The action of the cluster's checkpoint events.</summary>
    public const string CheckpointAction = "audit.checkpoint";

    /// <summary>The value the first event of the log <paramref name="logId"/> commits to (hex).</summary>
    /// <param name="logId">The facility id, or "_operator".</param>
    public static string Genesis(string logId)
    {
        ArgumentNullException.ThrowIfNull(logId);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("handoff.audit.genesis.v1\n" + logId)));
    }

    /// <summary>The hash <paramref name="auditEvent"/> must have when it follows <paramref name="previousHash"/> (hex).</summary>
    /// <param name="previousHash">The previous event's hash, or the genesis value (64 hex characters).</param>
    /// <param name="auditEvent">The event as ListAuditEvents returned it.</param>
    public static string Hash(string previousHash, AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(previousHash);
        ArgumentNullException.ThrowIfNull(auditEvent);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Convert.FromHexString(previousHash));
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(number, auditEvent.Sequence);
        hash.AppendData(number);
        AppendField(hash, Time(auditEvent.At?.ToDateTimeOffset() ?? DateTimeOffset.UnixEpoch));
        foreach (var field in (ReadOnlySpan<string>)[auditEvent.Actor, auditEvent.FacilityId, auditEvent.Action, auditEvent.ObjectType,
            auditEvent.ObjectId, auditEvent.Outcome, auditEvent.Detail, auditEvent.NetworkAddress])
            AppendField(hash, field);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>A time as the chain and checkpoint signatures encode it.</summary>
    /// <param name="at">The time.</param>
    public static string Time(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static void AppendField(IncrementalHash hash, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
