namespace Handoff.Server.Auditing;

/// <summary>
/// What one audited call touched, filled in by the service as it learns it (the object, the facility that owns the
/// data, the other facilities concerned); the audit interceptor writes the event when the call ends, whatever its outcome.
/// </summary>
public sealed class AuditScope
{
    private static readonly object Key = typeof(AuditScope);

    private readonly HashSet<string> _concerned = new(StringComparer.Ordinal);

    public string ObjectType { get; private set; } = string.Empty;

    public string ObjectId { get; private set; } = string.Empty;

    /// <summary>The facility whose patient data the call touched; null when unknown (the caller's own, then).</summary>
    public string? OwnerFacilityId { get; private set; }

    public string Detail { get; set; } = string.Empty;

    /// <summary>The caller's IP address (set by the audit interceptor from the call's peer); empty when not known.</summary>
    public string NetworkAddress { get; set; } = string.Empty;

    /// <summary>Facilities whose audit logs receive the event besides the caller's and the operator's.</summary>
    public IReadOnlyCollection<string> ConcernedFacilities => _concerned;

    public AuditScope Object(string objectType, string objectId)
    {
        ObjectType = objectType;
        ObjectId = objectId;
        return this;
    }

    public AuditScope OwnedBy(string facilityId)
    {
        OwnerFacilityId = facilityId;
        _concerned.Add(facilityId);
        return this;
    }

    public AuditScope Concerning(string facilityId)
    {
        _concerned.Add(facilityId);
        return this;
    }

    internal static void Attach(ServerCallContext context, AuditScope scope) => context.UserState[Key] = scope;

    /// <summary>The scope of the current call; calls that are not audited get a throwaway one, so services need not care.</summary>
    public static AuditScope Of(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.UserState.TryGetValue(Key, out var value) && value is AuditScope scope ? scope : new AuditScope();
    }
}
