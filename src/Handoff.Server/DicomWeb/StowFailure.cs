namespace Handoff.Server.DicomWeb;

/// <summary>Why one instance of a STOW-RS request was not stored: the Failure Reason code of PS3.18 and a sentence for people.</summary>
public sealed record StowFailure(ushort Code, string Reason)
{
    /// <summary>The gRPC status the server refused the instance with, when it was the server that refused it.</summary>
    public Grpc.Core.StatusCode? Refusal { get; init; }

    /// <summary>0xC000: the part is not a DICOM Part 10 instance this server can read.</summary>
    public const ushort CannotUnderstand = 0xC000;

    /// <summary>0xA900: the instance does not match the request (its study is not the one the URL names).</summary>
    public const ushort DoesNotMatch = 0xA900;

    /// <summary>0x0111: another instance with this SOP Instance UID and other bytes is already held.</summary>
    public const ushort DuplicateInstance = 0x0111;

    /// <summary>0x0110: the server refused or could not store the instance.</summary>
    public const ushort ProcessingFailure = 0x0110;

    /// <summary>0xA700: the instance or the request is larger than this server accepts.</summary>
    public const ushort OutOfResources = 0xA700;
}
