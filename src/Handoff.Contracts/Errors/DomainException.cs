namespace Handoff.Contracts.Errors;

/// <summary>
/// A request Handoff refuses, with a message that names the file, instance or field at fault. Grains and services
/// throw it; one server interceptor turns it into a gRPC status. Its message never contains patient data.
/// </summary>
[GenerateSerializer, Alias("handoff.DomainException")]
public sealed class DomainException : Exception
{
    public DomainException(DomainErrorKind kind, string message) : base(message)
    {
        Kind = kind;
    }

    public DomainException() : this(DomainErrorKind.InvalidArgument, "invalid request") { }

    public DomainException(string message) : this(DomainErrorKind.InvalidArgument, message) { }

    public DomainException(string message, Exception innerException) : base(message, innerException)
    {
        Kind = DomainErrorKind.InvalidArgument;
    }

    [Id(0)]
    public DomainErrorKind Kind { get; private set; }

    public static DomainException Invalid(string message) => new(DomainErrorKind.InvalidArgument, message);
    public static DomainException NotFound(string message) => new(DomainErrorKind.NotFound, message);
    public static DomainException AlreadyExists(string message) => new(DomainErrorKind.AlreadyExists, message);
    public static DomainException WrongState(string message) => new(DomainErrorKind.FailedPrecondition, message);
    public static DomainException Denied(string message) => new(DomainErrorKind.PermissionDenied, message);
    public static DomainException Exhausted(string message) => new(DomainErrorKind.ResourceExhausted, message);
}
