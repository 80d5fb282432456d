using Handoff.Contracts.Errors;

namespace Handoff.Server.Security;

/// <summary>
/// Who is calling, as the authentication interceptor established it: the operator, or one facility. Services read it
/// from the call context (<see cref="CallerContext"/>) and never look at the key themselves.
/// </summary>
public sealed record Caller
{
    public const string OperatorActor = "operator";

    private Caller(string? facilityId)
    {
        FacilityId = facilityId;
    }

    public static Caller Operator { get; } = new((string?)null);

    public static Caller Facility(string facilityId)
    {
        ArgumentException.ThrowIfNullOrEmpty(facilityId);
        return new Caller(facilityId);
    }

    /// <summary>The facility the key belongs to; null for the operator.</summary>
    public string? FacilityId { get; }

    public bool IsOperator => FacilityId is null;

    /// <summary>The audit and timeline name of the caller: the facility id, or "operator".</summary>
    public string Actor => FacilityId ?? OperatorActor;

    /// <summary>The facility id, or PERMISSION_DENIED: the operator key administers, it does not send or receive.</summary>
    public string RequireFacility() =>
        FacilityId ?? throw new DomainException(DomainErrorKind.PermissionDenied, "this call needs a facility API key, not the operator key");

    public void RequireOperator()
    {
        if (!IsOperator)
            throw new DomainException(DomainErrorKind.PermissionDenied, "this call needs the operator key");
    }
}
