namespace Handoff.Gateway.Delivery;

/// <summary>
/// A transfer is not yet held by the PACS (an instance refused, the PACS down, no commitment): the reason is on the
/// transfer's timeline, nothing is acknowledged, and the delivery is tried again after a back-off.
/// </summary>
public sealed class DeliveryIncompleteException : Exception
{
    public DeliveryIncompleteException(string message) : base(message)
    {
    }

    public DeliveryIncompleteException() : this("the delivery is incomplete")
    {
    }

    public DeliveryIncompleteException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
