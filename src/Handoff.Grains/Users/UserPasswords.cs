using System.Security.Cryptography;
using Handoff.Contracts.Errors;
using Microsoft.AspNetCore.Identity;

namespace Handoff.Grains.Users;

/// <summary>
/// Password hashing with ASP.NET Core Identity's hasher (PBKDF2-HMAC-SHA512, 100,000 iterations, random salt, in its
/// versioned format so a stronger default later rehashes on the next sign-in), and the one-time passwords issued to new users.
/// </summary>
internal static class UserPasswords
{
    public const int MinLength = 12;
    public const int MaxLength = 256;

    // Unambiguous letters and digits (no 0/O, 1/l/I): a one-time password is read aloud and typed by a person.
    private const string OneTimeAlphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private const int OneTimeLength = 20;

    private static readonly PasswordHasher<object> Hasher = new();
    private static readonly object User = new();

    public static string Hash(string password) => Hasher.HashPassword(User, password);

    /// <summary>Whether the password matches, and whether its hash should be replaced by one in the current format.</summary>
    public static (bool Matches, bool Rehash) Verify(string hash, string password)
    {
        if (string.IsNullOrEmpty(hash) || string.IsNullOrEmpty(password) || password.Length > MaxLength)
            return (false, false);
        return Hasher.VerifyHashedPassword(User, hash, password) switch
        {
            PasswordVerificationResult.Success => (true, false),
            PasswordVerificationResult.SuccessRehashNeeded => (true, true),
            _ => (false, false),
        };
    }

    public static string NewOneTime() => RandomNumberGenerator.GetString(OneTimeAlphabet, OneTimeLength);

    /// <summary>A new password a person chose: long enough to resist guessing without rules about symbols.</summary>
    public static void RequireAcceptable(string? password, string field)
    {
        if (password is null || password.Length < MinLength || password.Length > MaxLength)
            throw DomainException.Invalid($"{field} must be {MinLength} to {MaxLength} characters");
        if (string.IsNullOrWhiteSpace(password))
            throw DomainException.Invalid($"{field} must not be blank");
    }
}
