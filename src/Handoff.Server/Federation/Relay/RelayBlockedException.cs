namespace Handoff.Server.Federation.Relay;

/// <summary>
/// The relay cannot go on for a reason a person must fix or wait out (the peer is revoked, its chunk size differs,
/// it refused the transfer); the message is what the source sees on its timeline. The relay keeps retrying with
/// back-off until the transfer expires, since the cause may be fixed meanwhile.
/// </summary>
public sealed class RelayBlockedException : Exception
{
    public RelayBlockedException(string message) : base(message)
    {
    }

    public RelayBlockedException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public RelayBlockedException()
    {
    }
}
