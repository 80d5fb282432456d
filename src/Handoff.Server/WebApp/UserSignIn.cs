using Handoff.Contracts.Users;
using Handoff.Server.Auditing;
using Handoff.Server.Options;
using Handoff.Server.Security;
using Microsoft.Extensions.Options;

namespace Handoff.Server.WebApp;

/// <summary>
/// Signing a person in with a username and password: the username names the facility (usernames are unique in the
/// cluster), the facility's users grain checks the password and counts failures toward the lockout. Successful
/// sign-ins are audited in the facility's log; refused ones through <see cref="AuthenticationFailures"/>.
/// </summary>
public sealed class UserSignIn
{
    public const string SignInAction = "user.sign-in";
    public const string PasswordChangeAction = "user.change-password";

    private readonly IGrainFactory _grains;
    private readonly AuditTrail _audit;
    private readonly AuthenticationFailures _failures;
    private readonly IOptionsMonitor<UserOptions> _options;

    public UserSignIn(IGrainFactory grains, AuditTrail audit, AuthenticationFailures failures, IOptionsMonitor<UserOptions> options)
    {
        _grains = grains;
        _audit = audit;
        _failures = failures;
        _options = options;
    }

    private LockoutPolicy Policy => new(_options.CurrentValue.MaxFailedSignIns, _options.CurrentValue.LockoutDuration);

    public async Task<SignInResult> SignInAsync(string username, string password)
    {
        var name = (username ?? "").Trim().ToLowerInvariant();
        if (name.Length is 0 or > 64 || string.IsNullOrEmpty(password) || password.Length > 256)
            return new SignInResult(SignInOutcome.Refused, null, null);
        var facility = await _grains.GetGrain<IUserDirectoryGrain>(0).FacilityOf(name);
        if (facility is null)
        {
            // As long as a wrong password for a real user takes: the answer's timing does not tell who exists.
            await Task.Run(() => Grains.Users.FacilityUsersGrain.SpendDecoyVerification(password));
        }
        var result = facility is null
            ? new SignInResult(SignInOutcome.Refused, null, null)
            : await _grains.GetGrain<IFacilityUsersGrain>(facility).SignIn(name, password, Policy);
        await AuditAsync(facility, name, SignInAction, result);
        return result;
    }

    public async Task<SignInResult> ChangePasswordAsync(UserSession session, string currentPassword, string newPassword)
    {
        ArgumentNullException.ThrowIfNull(session);
        var result = await _grains.GetGrain<IFacilityUsersGrain>(session.FacilityId).ChangePassword(session.Username, currentPassword, newPassword, Policy);
        await AuditAsync(session.FacilityId, session.Username, PasswordChangeAction, result);
        return result;
    }

    private async Task AuditAsync(string? facility, string username, string action, SignInResult result)
    {
        if (result.Session is { } session)
        {
            var scope = new AuditScope().Object("user", session.Username).OwnedBy(session.FacilityId);
            await _audit.WriteAsync(WebSessions.CallerOf(session), action, scope, AuditedActions.Success);
            return;
        }
        var outcome = result.Outcome == SignInOutcome.LockedOut ? "locked-out" : "denied";
        var actor = facility is null ? "unknown" : $"{facility}/{username}";
        _failures.Record(actor, facility, action, outcome, result.Outcome == SignInOutcome.LockedOut ? "locked out after repeated wrong passwords" : "wrong username or password");
    }
}
