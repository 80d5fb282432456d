using System.Security.Cryptography;
using Handoff.Contracts.Errors;
using Handoff.Contracts.Facilities;
using Handoff.Contracts.Users;
using Microsoft.Extensions.Logging;

namespace Handoff.Grains.Users;

/// <summary>
/// The named users of one facility, their password hashes, lockout counters and session stamps. Key: the facility id.
/// Logs name the facility and the username (a member of staff, not a patient), never a password.
/// </summary>
public sealed partial class FacilityUsersGrain : Grain, IFacilityUsersGrain
{
    /// <summary>A facility has staff, not a population: a caller adding more is misbehaving.</summary>
    public const int MaxUsers = 2000;

    // Hashed for an unknown username, so a sign-in takes as long whether or not the user exists.
    private static readonly string DecoyHash = UserPasswords.Hash(UserPasswords.NewOneTime());

    private readonly IPersistentState<FacilityUsersGrainState> _state;
    private readonly ILogger<FacilityUsersGrain> _logger;

    public FacilityUsersGrain(
        [PersistentState(HandoffStorage.StateName, HandoffStorage.ProviderName)] IPersistentState<FacilityUsersGrainState> state,
        ILogger<FacilityUsersGrain> logger)
    {
        _state = state;
        _logger = logger;
    }

    private Dictionary<string, StoredUser> Users => _state.State.Users;

    private string FacilityId => this.GetPrimaryKeyString();

    public async Task<IssuedPassword> Add(string username, UserRole role)
    {
        var name = UserNames.Normalize(username);
        if (!Enum.IsDefined(role))
            throw DomainException.Invalid($"role {(int)role} is not a role");
        var facility = await GrainFactory.GetGrain<IFacilityGrain>(FacilityId).GetInfo();
        if (facility is null)
            throw DomainException.NotFound($"facility '{FacilityId}' is not registered");
        if (facility.Disabled)
            throw DomainException.WrongState($"facility '{FacilityId}' is disabled");
        if (Users.ContainsKey(name))
            throw DomainException.AlreadyExists($"user '{name}' of facility '{FacilityId}' already exists");
        if (Users.Count >= MaxUsers)
            throw DomainException.Exhausted($"facility '{FacilityId}' has {MaxUsers} users, the most it may have");
        if (!await GrainFactory.GetGrain<IUserDirectoryGrain>(0).Claim(name, FacilityId))
            throw DomainException.AlreadyExists($"username '{name}' is taken by another facility: usernames are unique in the cluster");

        var password = UserPasswords.NewOneTime();
        var user = new StoredUser
        {
            Role = role,
            PasswordHash = UserPasswords.Hash(password),
            MustChangePassword = true,
            CreatedAt = DateTimeOffset.UtcNow,
            SessionStamp = NewStamp(),
        };
        Users[name] = user;
        await SaveAsync();
        LogAdded(FacilityId, name, role);
        return new IssuedPassword(Info(name, user), password);
    }

    public Task<IReadOnlyList<UserInfo>> List() =>
        Task.FromResult<IReadOnlyList<UserInfo>>([.. Users.OrderBy(u => u.Key, StringComparer.Ordinal).Select(u => Info(u.Key, u.Value))]);

    public async Task<UserInfo> Disable(string username)
    {
        var (name, user) = Existing(username);
        if (!user.Disabled)
        {
            user.Disabled = true;
            user.SessionStamp = NewStamp();
            await SaveAsync();
            LogDisabled(FacilityId, name);
        }
        return Info(name, user);
    }

    public async Task<IssuedPassword> ResetPassword(string username)
    {
        var (name, user) = Existing(username);
        var password = UserPasswords.NewOneTime();
        user.PasswordHash = UserPasswords.Hash(password);
        user.MustChangePassword = true;
        user.FailedAttempts = 0;
        user.LockedUntil = null;
        user.SessionStamp = NewStamp();
        await SaveAsync();
        LogPasswordReset(FacilityId, name);
        return new IssuedPassword(Info(name, user), password);
    }

    public async Task<SignInResult> SignIn(string username, string password, LockoutPolicy policy)
    {
        var (name, user, rehash, refusal) = await VerifyPasswordAsync(username, password, policy);
        if (refusal is not null)
            return refusal;
        if (rehash)
            user!.PasswordHash = UserPasswords.Hash(password);
        user!.LastSignInAt = DateTimeOffset.UtcNow;
        await SaveAsync();
        return new SignInResult(SignInOutcome.SignedIn, Session(name, user), null);
    }

    public async Task<SignInResult> ChangePassword(string username, string currentPassword, string newPassword, LockoutPolicy policy)
    {
        UserPasswords.RequireAcceptable(newPassword, "the new password");
        if (string.Equals(currentPassword, newPassword, StringComparison.Ordinal))
            throw DomainException.Invalid("the new password must differ from the current one");
        var (name, user, _, refusal) = await VerifyPasswordAsync(username, currentPassword, policy);
        if (refusal is not null)
            return refusal;
        user!.PasswordHash = UserPasswords.Hash(newPassword);
        user.MustChangePassword = false;
        user.SessionStamp = NewStamp();
        user.LastSignInAt = DateTimeOffset.UtcNow;
        await SaveAsync();
        LogPasswordChanged(FacilityId, name);
        return new SignInResult(SignInOutcome.SignedIn, Session(name, user), null);
    }

    public async Task<UserSession?> GetSession(string username, string sessionStamp)
    {
        var name = UserNames.Key(username);
        var current = Users.TryGetValue(name, out var user) && !user.Disabled
            && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(user.SessionStamp), System.Text.Encoding.UTF8.GetBytes(sessionStamp ?? ""));
        // A disabled facility's users are refused as its key is: the operator's one switch stops every door.
        return current && await FacilityEnabledAsync() ? Session(name, user!) : null;
    }

    /// <summary>Verifies a password against a decoy hash: a sign-in for a username nobody has costs what a real one does.</summary>
    public static void SpendDecoyVerification(string password) => UserPasswords.Verify(DecoyHash, password ?? "");

    /// <summary>
    /// The user whose password this is, whether its hash should be renewed; or the refusal (stored: failures count
    /// toward the lockout). An unknown user, or one of a disabled facility, costs a decoy verification, so the answer
    /// takes as long as for a real one.
    /// </summary>
    private async Task<(string Name, StoredUser? User, bool Rehash, SignInResult? Refusal)> VerifyPasswordAsync(string username, string password, LockoutPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var name = UserNames.Key(username);
        if (!Users.TryGetValue(name, out var user) || !await FacilityEnabledAsync())
        {
            UserPasswords.Verify(DecoyHash, password ?? "");
            return (name, null, false, new SignInResult(SignInOutcome.Refused, null, null));
        }
        var (outcome, rehash) = Check(user, password, policy);
        if (outcome is SignInOutcome.SignedIn)
            return (name, user, rehash, null);
        await SaveAsync();
        return (name, null, false, new SignInResult(outcome, null, outcome is SignInOutcome.LockedOut ? user.LockedUntil : null));
    }

    /// <summary>
    /// Checks the password against the lockout: a locked-out user is refused without looking at the password (so the
    /// lockout cannot be used to test guesses); a wrong password counts, and the limit starts a lockout.
    /// </summary>
    private static (SignInOutcome Outcome, bool Rehash) Check(StoredUser user, string? password, LockoutPolicy policy)
    {
        var now = DateTimeOffset.UtcNow;
        if (user.LockedUntil is { } until && until > now)
            return (SignInOutcome.LockedOut, false);
        var (matches, rehash) = UserPasswords.Verify(user.PasswordHash, password ?? "");
        if (matches && !user.Disabled)
        {
            user.FailedAttempts = 0;
            user.LockedUntil = null;
            return (SignInOutcome.SignedIn, rehash);
        }
        if (user.Disabled)
            return (SignInOutcome.Refused, false);
        user.FailedAttempts++;
        if (user.FailedAttempts < Math.Max(1, policy.MaxFailedAttempts))
            return (SignInOutcome.Refused, false);
        user.FailedAttempts = 0;
        user.LockedUntil = now + policy.Duration;
        return (SignInOutcome.LockedOut, false);
    }

    private async Task<bool> FacilityEnabledAsync() =>
        await GrainFactory.GetGrain<IFacilityGrain>(FacilityId).GetInfo() is { Disabled: false };

    private (string Name, StoredUser User) Existing(string username)
    {
        var name = UserNames.Normalize(username);
        return Users.TryGetValue(name, out var user)
            ? (name, user)
            : throw DomainException.NotFound($"user '{name}' of facility '{FacilityId}' not found");
    }

    private UserInfo Info(string name, StoredUser user) =>
        new(FacilityId, name, user.Role, user.Disabled, user.MustChangePassword, user.CreatedAt, user.LastSignInAt,
            user.LockedUntil is { } until && until > DateTimeOffset.UtcNow ? until : null);

    private UserSession Session(string name, StoredUser user) => new(FacilityId, name, user.Role, user.MustChangePassword, user.SessionStamp);

    private static string NewStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private Task SaveAsync() => _state.WriteOrReloadAsync(this);

    [LoggerMessage(Level = LogLevel.Information, Message = "Facility {FacilityId}: user {Username} added as {Role}")]
    private partial void LogAdded(string facilityId, string username, UserRole role);

    [LoggerMessage(Level = LogLevel.Information, Message = "Facility {FacilityId}: user {Username} disabled")]
    private partial void LogDisabled(string facilityId, string username);

    [LoggerMessage(Level = LogLevel.Information, Message = "Facility {FacilityId}: password of user {Username} reset")]
    private partial void LogPasswordReset(string facilityId, string username);

    [LoggerMessage(Level = LogLevel.Information, Message = "Facility {FacilityId}: user {Username} changed their password")]
    private partial void LogPasswordChanged(string facilityId, string username);
}
