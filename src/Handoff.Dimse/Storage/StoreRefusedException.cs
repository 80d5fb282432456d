namespace Handoff.Dimse.Storage;

/// <summary>An instance that cannot be sent to a peer as it is (no accepted context for its SOP class and syntax).</summary>
public sealed class StoreRefusedException : Exception
{
    public StoreRefusedException(string sopInstanceUid, string message) : base(message)
    {
        SopInstanceUid = sopInstanceUid;
    }

    public StoreRefusedException() : this("", "the instance cannot be stored")
    {
    }

    public StoreRefusedException(string message) : this("", message)
    {
    }

    public StoreRefusedException(string message, Exception innerException) : base(message, innerException)
    {
        SopInstanceUid = "";
    }

    public string SopInstanceUid { get; }
}
