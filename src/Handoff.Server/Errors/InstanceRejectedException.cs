using Handoff.Contracts.Errors;

namespace Handoff.Server.Errors;

/// <summary>
/// A completed instance whose bytes are not acceptable (not DICOM, another study's, another instance's UID). Becomes
/// INVALID_ARGUMENT with a google.rpc.ErrorInfo naming the SOP Instance UID and the client's source name.
/// </summary>
public sealed class InstanceRejectedException : Exception
{
    public const string ErrorReason = "INSTANCE_REJECTED";

    public InstanceRejectedException(string sopInstanceUid, string sourceName, string reason)
        : base($"instance {sopInstanceUid} ({Describe(sourceName)}) was rejected: {reason}")
    {
        SopInstanceUid = sopInstanceUid;
        SourceName = sourceName;
        Reason = reason;
    }

    public InstanceRejectedException() : this("(unknown)", string.Empty, "rejected") { }

    public InstanceRejectedException(string message) : this("(unknown)", string.Empty, message) { }

    public InstanceRejectedException(string message, Exception innerException) : base(message, innerException)
    {
        SopInstanceUid = "(unknown)";
        SourceName = string.Empty;
        Reason = message;
    }

    public string SopInstanceUid { get; }

    public string SourceName { get; }

    public string Reason { get; }

    private static string Describe(string sourceName) => sourceName.Length == 0 ? "no source name" : InputEcho.Quote(sourceName, 128);
}
