using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Handoff.Contracts.Errors;
using Handoff.Dicom;
using Handoff.Storage.Chunks;
using GrpcStatusCode = Grpc.Core.StatusCode;
using RpcStatus = Google.Rpc.Status;

namespace Handoff.Server.Errors;

/// <summary>
/// The one table from exceptions to gRPC statuses. Client-actionable refusals carry google.rpc.Status details
/// (ErrorInfo with the domain reason, BadRequest naming the field); everything unexpected becomes a generic INTERNAL.
/// </summary>
public static class ErrorStatus
{
    public const string ErrorDomain = "handoff.v1";
    public const string InternalMessage = "internal error; the server log has the details";

    /// <summary>The status a failed call ends with; null means "unexpected": the caller logs it and answers INTERNAL.</summary>
    public static RpcException? Translate(Exception exception, bool callCancelled) => exception switch
    {
        RpcException rpc => rpc,
        OperationCanceledException when callCancelled => new RpcException(new Grpc.Core.Status(GrpcStatusCode.Cancelled, "the call was cancelled")),
        DomainException domain => Rich(CodeOf(domain.Kind), domain.Message, ErrorInfo(domain.Kind.ToString(), [])),
        InvalidFieldException field => Rich(GrpcStatusCode.InvalidArgument, field.Message, FieldViolation(field.Field, field.Message)),
        InstanceRejectedException rejected => Rich(GrpcStatusCode.InvalidArgument, rejected.Message, ErrorInfo(InstanceRejectedException.ErrorReason,
            [("sop_instance_uid", rejected.SopInstanceUid), ("source_name", rejected.SourceName), ("reason", rejected.Reason)])),
        DicomFormatException dicom => Rich(GrpcStatusCode.InvalidArgument, $"not a readable DICOM instance: {dicom.Message}", ErrorInfo("MALFORMED_DICOM", [])),
        UnavailableException unavailable => Rich(GrpcStatusCode.Unavailable, unavailable.Message, ErrorInfo(unavailable.Reason, [])),
        CorruptChunkException corrupt => Rich(GrpcStatusCode.DataLoss, corrupt.Message, ErrorInfo("CHUNK_CORRUPT", [("chunk_hash", corrupt.Hash)])),
        ChunkNotFoundException missing => Rich(GrpcStatusCode.DataLoss, missing.Message, ErrorInfo("CHUNK_MISSING", [("chunk_hash", missing.Hash)])),
        _ when TransientFailure.Describe(exception) is { } message => new RpcException(new Grpc.Core.Status(GrpcStatusCode.Unavailable, message)),
        _ => null,
    };

    /// <summary>The status code <see cref="Translate"/> gives, INTERNAL for the unexpected: audit outcomes use it.</summary>
    public static GrpcStatusCode CodeOf(Exception exception, bool callCancelled) =>
        Translate(exception, callCancelled)?.StatusCode ?? GrpcStatusCode.Internal;

    public static RpcException Internal() => new(new Grpc.Core.Status(GrpcStatusCode.Internal, InternalMessage));

    /// <summary>
    /// The status of a refusal raised where no interceptor translates it (the shutdown gate runs outside them all);
    /// INTERNAL for anything this table does not know.
    /// </summary>
    public static RpcException Of(Exception exception) => Translate(exception, callCancelled: false) ?? Internal();

    /// <summary>INVALID_ARGUMENT for request bytes that are not a message of their type: nothing was parsed, so no field is named.</summary>
    public static RpcException MalformedMessage(string messageType) =>
        Rich(GrpcStatusCode.InvalidArgument, $"the request is not a valid {messageType} message", ErrorInfo("MALFORMED_MESSAGE", [("message_type", messageType)]));

    /// <summary>DEADLINE_EXCEEDED for a stream whose other end went quiet, with ErrorInfo reason STREAM_IDLE.</summary>
    public static RpcException IdleStream(string message) => Rich(GrpcStatusCode.DeadlineExceeded, message, ErrorInfo("STREAM_IDLE", []));

    /// <summary>RESOURCE_EXHAUSTED with the reason (google.rpc.ErrorInfo) and when to try again (google.rpc.RetryInfo).</summary>
    public static RpcException Exhausted(string message, string reason, TimeSpan retryDelay)
    {
        var status = new RpcStatus { Code = (int)GrpcStatusCode.ResourceExhausted, Message = message };
        status.Details.Add(ErrorInfo(reason, []));
        status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(retryDelay) }));
        return status.ToRpcException();
    }

    private static GrpcStatusCode CodeOf(DomainErrorKind kind) => kind switch
    {
        DomainErrorKind.InvalidArgument => GrpcStatusCode.InvalidArgument,
        DomainErrorKind.NotFound => GrpcStatusCode.NotFound,
        DomainErrorKind.AlreadyExists => GrpcStatusCode.AlreadyExists,
        DomainErrorKind.FailedPrecondition => GrpcStatusCode.FailedPrecondition,
        DomainErrorKind.PermissionDenied => GrpcStatusCode.PermissionDenied,
        DomainErrorKind.ResourceExhausted => GrpcStatusCode.ResourceExhausted,
        DomainErrorKind.Unauthenticated => GrpcStatusCode.Unauthenticated,
        _ => GrpcStatusCode.Unknown,
    };

    private static RpcException Rich(GrpcStatusCode code, string message, Any detail)
    {
        var status = new RpcStatus { Code = (int)code, Message = message };
        status.Details.Add(detail);
        return status.ToRpcException();
    }

    private static Any ErrorInfo(string reason, (string Key, string Value)[] metadata)
    {
        var info = new ErrorInfo { Domain = ErrorDomain, Reason = reason };
        foreach (var (key, value) in metadata)
            info.Metadata[key] = value;
        return Any.Pack(info);
    }

    private static Any FieldViolation(string field, string description) =>
        Any.Pack(new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = field, Description = description } } });
}
