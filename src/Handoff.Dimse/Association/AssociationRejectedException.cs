using Handoff.Dimse.UpperLayer;

namespace Handoff.Dimse.Association;

/// <summary>The called node answered A-ASSOCIATE-RJ.</summary>
public sealed class AssociationRejectedException : Exception
{
    public AssociationRejectedException(AssociateRejection rejection, string peer)
        : base($"{peer} rejected the association: {rejection.Describe()}")
    {
        Rejection = rejection;
    }

    public AssociationRejectedException() : this("the association was rejected")
    {
    }

    public AssociationRejectedException(string message) : base(message)
    {
        Rejection = AssociateRejection.NoReason;
    }

    public AssociationRejectedException(string message, Exception innerException) : base(message, innerException)
    {
        Rejection = AssociateRejection.NoReason;
    }

    public AssociateRejection Rejection { get; }
}
