using System.Security.Cryptography;
using System.Text;
using Handoff.Contracts.Facilities;

namespace Handoff.Grains.Facilities;

/// <summary>Issuing facility API keys and checking them against their salted hash.</summary>
internal static class FacilityKeys
{
    private const int SecretBytes = 32;
    private const int SaltBytes = 16;

    public static (string ApiKey, byte[] Salt, byte[] Hash) Issue(string facilityId)
    {
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(SecretBytes));
        var apiKey = ApiKeyFormat.Compose(facilityId, secret);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return (apiKey, salt, Hash(salt, apiKey));
    }

    /// <summary>Constant-time comparison, so response timing says nothing about how much of a guess was right.</summary>
    public static bool Matches(string apiKey, byte[] salt, byte[] expectedHash)
    {
        ArgumentNullException.ThrowIfNull(apiKey);
        ArgumentNullException.ThrowIfNull(salt);
        ArgumentNullException.ThrowIfNull(expectedHash);
        if (salt.Length == 0 || expectedHash.Length == 0)
            return false;
        return CryptographicOperations.FixedTimeEquals(Hash(salt, apiKey), expectedHash);
    }

    private static byte[] Hash(byte[] salt, string apiKey)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(salt);
        sha.AppendData(Encoding.UTF8.GetBytes(apiKey));
        return sha.GetHashAndReset();
    }
}
