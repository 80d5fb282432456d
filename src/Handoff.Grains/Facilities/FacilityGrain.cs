using Handoff.Contracts.Errors;
using Handoff.Contracts.Facilities;
using Microsoft.Extensions.Logging;

namespace Handoff.Grains.Facilities;

/// <summary>
/// A care site: registration, its API key (kept only as a salted hash), its inbox and outbox, and the inbox event
/// log (in FacilityGrain.Mailboxes.cs). Key: the facility id.
/// </summary>
public sealed partial class FacilityGrain : Grain, IFacilityGrain
{
    private const int MaxDisplayNameLength = 200;
    private const int MaxIssuerLength = 64;

    private readonly IPersistentState<FacilityGrainState> _state;
    private readonly ILogger<FacilityGrain> _logger;

    public FacilityGrain(
        [PersistentState(HandoffStorage.StateName, HandoffStorage.ProviderName)] IPersistentState<FacilityGrainState> state,
        ILogger<FacilityGrain> logger)
    {
        _state = state;
        _logger = logger;
    }

    private FacilityGrainState State => _state.State;

    private string FacilityId => this.GetPrimaryKeyString();

    public async Task<IssuedKey> Register(FacilityRegistration registration)
    {
        if (registration is null)
            throw DomainException.Invalid("registration is required");
        FacilityIds.Validate(registration.FacilityId);
        if (!string.Equals(registration.FacilityId, FacilityId, StringComparison.Ordinal))
            throw DomainException.Invalid($"facilityId '{registration.FacilityId}' does not match the facility addressed ('{FacilityId}')");
        var displayName = registration.DisplayName?.Trim() ?? "";
        if (displayName.Length is 0 or > MaxDisplayNameLength)
            throw DomainException.Invalid($"displayName is required, at most {MaxDisplayNameLength} characters");
        var issuer = registration.PatientIdIssuer?.Trim() ?? "";
        if (issuer.Length > MaxIssuerLength)
            throw DomainException.Invalid($"patientIdIssuer is longer than {MaxIssuerLength} characters");
        if (State.Registered)
            throw DomainException.AlreadyExists($"facility '{FacilityId}' is already registered");

        // The directory first: it is idempotent, so if the write below fails the caller's retry repairs everything,
        // whereas a registered facility missing from the directory would never be listed.
        await GrainFactory.GetGrain<IFacilityDirectoryGrain>(0).Add(FacilityId);

        var now = DateTimeOffset.UtcNow;
        State.Registered = true;
        State.DisplayName = displayName;
        State.PatientIdIssuer = issuer;
        State.CreatedAt = now;
        var apiKey = SetNewKey(now);
        await SaveAsync();
        LogRegistered(FacilityId);
        return new IssuedKey(Info(), apiKey);
    }

    public Task<FacilityInfo?> GetInfo() => Task.FromResult(State.Registered ? Info() : null);

    public async Task<string> RotateKey()
    {
        RequireRegistered();
        if (State.Disabled)
            throw DomainException.WrongState($"facility '{FacilityId}' is disabled; its key cannot be rotated");
        var apiKey = SetNewKey(DateTimeOffset.UtcNow);
        await SaveAsync();
        LogKeyRotated(FacilityId);
        return apiKey;
    }

    public async Task<FacilityInfo> Disable()
    {
        RequireRegistered();
        if (!State.Disabled)
        {
            State.Disabled = true;
            await SaveAsync();
            LogDisabled(FacilityId);
        }

        return Info();
    }

    public Task<bool> VerifyKey(string apiKey) =>
        Task.FromResult(
            State.Registered && !State.Disabled && !string.IsNullOrEmpty(apiKey)
            && FacilityKeys.Matches(apiKey, State.KeySalt, State.KeyHash));

    private string SetNewKey(DateTimeOffset now)
    {
        var (apiKey, salt, hash) = FacilityKeys.Issue(FacilityId);
        State.KeySalt = salt;
        State.KeyHash = hash;
        State.KeyIssuedAt = now;
        return apiKey;
    }

    private FacilityInfo Info() => new(FacilityId, State.DisplayName, State.PatientIdIssuer, State.Disabled, State.CreatedAt);

    private void RequireRegistered()
    {
        if (!State.Registered)
            throw DomainException.NotFound($"facility '{FacilityId}' not found");
    }

    private Task SaveAsync() => _state.WriteOrReloadAsync(this);

    [LoggerMessage(Level = LogLevel.Information, Message = "Facility {FacilityId} registered")]
    private partial void LogRegistered(string facilityId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Facility {FacilityId} API key rotated")]
    private partial void LogKeyRotated(string facilityId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Facility {FacilityId} disabled")]
    private partial void LogDisabled(string facilityId);
}
