using Handoff.Server.Auditing;

namespace Handoff.Server.Tests.Audit;

public sealed class PeerAddressTests
{
    [Theory]
    [InlineData("ipv4:10.0.0.7:51234", "10.0.0.7")]
    [InlineData("ipv6:[::1]:51234", "::1")]
    [InlineData("ipv6:[2001:db8::7]:443", "2001:db8::7")]
    [InlineData("unix:/tmp/socket", "unix:/tmp/socket")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Of_GrpcPeer_AddressWithoutSchemeOrPort(string? peer, string expected) => Assert.Equal(expected, PeerAddress.Of(peer));
}
