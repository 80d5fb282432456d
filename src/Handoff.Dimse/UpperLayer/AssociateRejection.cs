namespace Handoff.Dimse.UpperLayer;

/// <summary>An A-ASSOCIATE-RJ (PS3.8 9.3.4): whether to try again, who rejected and why.</summary>
/// <param name="Result">Permanent (1) or transient (2).</param>
/// <param name="Source">1 service user, 2 service provider (ACSE), 3 service provider (presentation).</param>
/// <param name="Reason">The reason code, whose meaning depends on <paramref name="Source"/>.</param>
public sealed record AssociateRejection(byte Result, byte Source, byte Reason)
{
    public const byte Permanent = 1;
    public const byte Transient = 2;

    /// <summary>No reason given (service user).</summary>
    public static AssociateRejection NoReason { get; } = new(Permanent, 1, 1);

    /// <summary>Application context name not supported.</summary>
    public static AssociateRejection ApplicationContextNotSupported { get; } = new(Permanent, 1, 2);

    /// <summary>The calling AE title is not one this node accepts.</summary>
    public static AssociateRejection CallingAeNotRecognized { get; } = new(Permanent, 1, 3);

    /// <summary>The called AE title is not this node's.</summary>
    public static AssociateRejection CalledAeNotRecognized { get; } = new(Permanent, 1, 7);

    /// <summary>Protocol version not supported (service provider, ACSE).</summary>
    public static AssociateRejection ProtocolVersionNotSupported { get; } = new(Permanent, 2, 2);

    /// <summary>Temporary congestion (service provider, presentation): too many associations at once.</summary>
    public static AssociateRejection Congestion { get; } = new(Transient, 3, 1);

    /// <summary>In words, for a log line or an error message.</summary>
    public string Describe() => (Source, Reason) switch
    {
        (1, 2) => "application context name not supported",
        (1, 3) => "calling AE title not recognized",
        (1, 7) => "called AE title not recognized",
        (1, _) => "rejected by the called application, no reason given",
        (2, 2) => "protocol version not supported",
        (2, _) => "rejected by the peer's upper layer, no reason given",
        (3, 1) => "temporary congestion",
        (3, 2) => "local limit exceeded",
        _ => $"rejected (source {Source}, reason {Reason})",
    } + (Result == Transient ? " (transient)" : " (permanent)");
}
