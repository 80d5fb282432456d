namespace Handoff.Server.Auditing;

/// <summary>The IP address in a gRPC peer string ("ipv4:10.0.0.7:51234", "ipv6:[::1]:51234"), without scheme or port.</summary>
public static class PeerAddress
{
    public static string Of(string? peer)
    {
        if (string.IsNullOrEmpty(peer))
            return string.Empty;
        var colon = peer.IndexOf(':', StringComparison.Ordinal);
        var rest = colon >= 0 && peer.StartsWith("ip", StringComparison.Ordinal) ? peer[(colon + 1)..] : peer;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            return close > 0 ? rest[1..close] : rest;
        }
        var port = rest.LastIndexOf(':');
        return port > 0 ? rest[..port] : rest;
    }
}
