namespace Handoff.Contracts.Errors;

/// <summary>What kind of refusal a domain error is; the server maps each to one gRPC status.</summary>
public enum DomainErrorKind
{
    InvalidArgument = 1,
    NotFound = 2,
    AlreadyExists = 3,
    FailedPrecondition = 4,
    PermissionDenied = 5,
    ResourceExhausted = 6,
    Unauthenticated = 7,
}
