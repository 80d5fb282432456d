namespace Handoff.Contracts.Users;

/// <summary>
/// The named users of one facility (key: the facility id). Passwords are kept only as slow salted hashes (ASP.NET Core
/// Identity's PBKDF2 format); a one-time password is returned once, when issued, and must be changed at first sign-in.
/// </summary>
public interface IFacilityUsersGrain : IGrainWithStringKey
{
    /// <summary>Adds a user with a one-time password. ALREADY_EXISTS when the username is taken (case-insensitively).</summary>
    Task<IssuedPassword> Add(string username, UserRole role);

    [ReadOnly]
    Task<IReadOnlyList<UserInfo>> List();

    /// <summary>Disables the user: signing in is refused and open sessions end. NOT_FOUND for an unknown user.</summary>
    Task<UserInfo> Disable(string username);

    /// <summary>Issues a new one-time password (and re-enables nothing): open sessions end, the lockout is lifted.</summary>
    Task<IssuedPassword> ResetPassword(string username);

    /// <summary>Checks a password, counting failures toward the lockout of <paramref name="policy"/>.</summary>
    Task<SignInResult> SignIn(string username, string password, LockoutPolicy policy);

    /// <summary>Replaces the password after checking the current one (a failure counts toward the lockout); the new session.</summary>
    Task<SignInResult> ChangePassword(string username, string currentPassword, string newPassword, LockoutPolicy policy);

    /// <summary>The user's current session when the user exists and is enabled and <paramref name="sessionStamp"/> is still current; otherwise null.</summary>
    [ReadOnly]
    Task<UserSession?> GetSession(string username, string sessionStamp);
}
