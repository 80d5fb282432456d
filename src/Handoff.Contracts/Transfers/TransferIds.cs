using System.Security.Cryptography;
using System.Text;

namespace Handoff.Contracts.Transfers;

/// <summary>Transfer ids derived from the creating facility and its request id: retries find the same transfer.</summary>
public static class TransferIds
{
    public static Guid FromRequest(string sourceFacilityId, string requestId)
    {
        ArgumentNullException.ThrowIfNull(sourceFacilityId);
        ArgumentNullException.ThrowIfNull(requestId);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"handoff-transfer/{sourceFacilityId}/{requestId}"), hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // version 5-style: a name-based id
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16]);
    }
}
