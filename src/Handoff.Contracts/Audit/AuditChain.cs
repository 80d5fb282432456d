using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Handoff.Contracts.Audit;

/// <summary>
/// The hash chain of an audit log, the server side's one home of the rule (Handoff.Client's AuditChain is the same rule
/// for verifiers, kept equal by a test). Every event commits to the one before it:
/// <code>
/// genesis(log)   = SHA-256("handoff.audit.genesis.v1\n" + log id)
/// hash(event n)  = SHA-256(previous hash (32 bytes) ‖ int64 BE sequence ‖ field(at) ‖ field(actor) ‖ field(facility)
///                          ‖ field(action) ‖ field(object type) ‖ field(object id) ‖ field(outcome) ‖ field(detail)
///                          ‖ field(network address))
/// field(text)    = uint32 BE byte length ‖ UTF-8 bytes;  at = UTC as yyyy-MM-ddTHH:mm:ss.fffffffZ
/// </code>
/// so an event changed, removed or inserted anywhere changes every later hash, and a signed head (a checkpoint)
/// pins everything before it.
/// </summary>
public static class AuditChain
{
    /// <summary>The action of the checkpoint events the cluster appends: a signature over the chain's head.</summary>
    public const string CheckpointAction = "audit.checkpoint";

    /// <summary>The actor of checkpoint (and other cluster-made) events.</summary>
    public const string ClusterActor = "cluster";

    /// <summary>The value the first event of <paramref name="logId"/> commits to.</summary>
    public static string Genesis(string logId)
    {
        ArgumentNullException.ThrowIfNull(logId);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("handoff.audit.genesis.v1\n" + logId)));
    }

    /// <summary>The hash of <paramref name="record"/> at <paramref name="sequence"/>, after <paramref name="previousHash"/>.</summary>
    public static string Next(string previousHash, long sequence, AuditEventRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Hash(previousHash, sequence, record.At,
            [record.Actor, record.FacilityId, record.Action, record.ObjectType, record.ObjectId, record.Outcome, record.Detail, record.NetworkAddress]);
    }

    /// <summary>The time as the chain encodes it (100 ns precision, as a protobuf Timestamp carries it).</summary>
    public static string Time(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static string Hash(string previousHash, long sequence, DateTimeOffset at, string?[] fields)
    {
        ArgumentNullException.ThrowIfNull(previousHash);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Convert.FromHexString(previousHash));
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(number, sequence);
        hash.AppendData(number);
        AppendField(hash, Time(at));
        foreach (var field in fields)
            AppendField(hash, field ?? string.Empty);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void AppendField(IncrementalHash hash, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
