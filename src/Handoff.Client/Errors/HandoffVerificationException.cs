using Handoff.Protos.V1;

namespace Handoff.Client;

/// <summary>
/// Bytes did not verify: a received chunk that does not match the hash it was promised under (never written to an
/// instance), or an acknowledgement the server did not accept because content hashes differ or instances are missing.
/// </summary>
public class HandoffVerificationException : HandoffException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What did not verify, naming the instances.</param>
    /// <param name="instances">The instances concerned.</param>
    public HandoffVerificationException(string message, IReadOnlyList<InstanceId> instances) : base(message)
    {
        Instances = instances;
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public HandoffVerificationException() : this("received bytes did not verify", [])
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What did not verify.</param>
    public HandoffVerificationException(string message) : this(message, [])
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What did not verify.</param>
    /// <param name="innerException">The cause.</param>
    public HandoffVerificationException(string message, Exception? innerException) : base(message, innerException)
    {
        Instances = [];
    }

    /// <summary>The instances whose bytes or receipt did not verify (possibly empty when unknown).</summary>
    public IReadOnlyList<InstanceId> Instances { get; }

    /// <summary>The server's answer when it did not accept an acknowledgement (mismatched, missing, unexpected instances).</summary>
    public AcknowledgeResponse? Response { get; init; }
}
