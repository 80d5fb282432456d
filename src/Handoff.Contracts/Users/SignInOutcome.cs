namespace Handoff.Contracts.Users;

public enum SignInOutcome
{
    /// <summary>The password is right; the user may act (after changing it when <see cref="UserSession.MustChangePassword"/>).</summary>
    SignedIn = 0,

    /// <summary>No such user, a wrong password, or a disabled user: one answer, so a guesser learns nothing.</summary>
    Refused = 1,

    /// <summary>Too many wrong passwords in a row: refused until the lockout ends, even with the right one.</summary>
    LockedOut = 2,
}
