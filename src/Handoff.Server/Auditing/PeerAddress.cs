namespace Handoff.Server.Auditing;

/// <summary>The IP address in a gRPC peer string ("ipv4:10.0.0.7:51234", "ipv6:[::1]:51234"), without scheme or port; other peers as they are.</summary>
public static class PeerAddress
{
    public static string Of(string? peer)
    {
        if (string.IsNullOrEmpty(peer))
            return string.Empty;
        if (peer.StartsWith("ipv6:[", StringComparison.Ordinal))
        {
            var close = peer.IndexOf(']', StringComparison.Ordinal);
            return close > 6 ? peer[6..close] : peer;
        }
        if (peer.StartsWith("ipv4:", StringComparison.Ordinal))
        {
            var port = peer.LastIndexOf(':');
            return port > 5 ? peer[5..port] : peer[5..];
        }
        return peer;
    }
}
