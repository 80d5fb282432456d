using System.Text.RegularExpressions;
using Handoff.Contracts.Errors;

namespace Handoff.Grains.Users;

/// <summary>
/// Usernames are lowercase slugs: they appear in audit events and timelines ("facility/username"), so two spellings
/// of one person ("Alice", "alice") must be one user, and nothing in a name can pass for another field.
/// </summary>
internal static partial class UserNames
{
    public static string Normalize(string? username)
    {
        var name = username?.Trim().ToLowerInvariant();
        if (name is null || !Slug().IsMatch(name))
            throw DomainException.Invalid($"username '{username}' is not valid: use 1 to 64 characters of a-z, 0-9, '.', '_' and '-', starting with a letter or digit");
        return name;
    }

    /// <summary>The key a username is looked up by (no validation: a name that was never valid finds nobody).</summary>
    public static string Key(string? username) => username?.Trim().ToLowerInvariant() ?? "";

    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Slug();
}
