using Handoff.Dimse.UpperLayer;

namespace Handoff.Dimse.Association;

/// <summary>The peer aborted the association (A-ABORT), or it was aborted here because the peer broke the protocol.</summary>
public sealed class AssociationAbortedException : Exception
{
    public AssociationAbortedException(AbortSource source, AbortReason reason, string message) : base(message)
    {
        AbortSource = source;
        Reason = reason;
    }

    public AssociationAbortedException() : this("the association was aborted")
    {
    }

    public AssociationAbortedException(string message) : base(message)
    {
    }

    public AssociationAbortedException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Who aborted: the service user (the peer's application) or a service provider (an upper layer).</summary>
    public AbortSource AbortSource { get; }

    public AbortReason Reason { get; }
}
