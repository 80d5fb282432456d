using Handoff.Cli.Commands;
using Handoff.Cli.Commands.Peer;
using Handoff.Protos.V1;

namespace Handoff.Cli.Tests.Peers;

/// <summary>What `peer revoke --thumbprint` accepts: the hex `peer list` shows, a prefix of it, or openssl's fingerprint line.</summary>
public sealed class ThumbprintsTests
{
    private const string Full = "62c39d511efc30f9af988a844cc37596e108484e8c849c27cb385a2c677a9ef9";

    [Theory]
    [InlineData(Full, Full)]
    [InlineData("62C39D511EFC30F9", "62c39d511efc30f9")]
    [InlineData("sha256 Fingerprint=62:C3:9D:51:1E:FC:30:F9:AF:98:8A:84:4C:C3:75:96:E1:08:48:4E:8C:84:9C:27:CB:38:5A:2C:67:7A:9E:F9", Full)]
    [InlineData("62c3 9d51", "62c39d51")]
    public void Normalize_HexInCommonForms_LowercaseDigits(string given, string expected)
    {
        Assert.Equal(expected, Thumbprints.Normalize(given, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("62c39d5")]
    [InlineData(Full + "00")]
    [InlineData("62c39d511efc30fg")]
    [InlineData("")]
    public void Normalize_NotAThumbprint_ErrorNamingTheProblem(string given)
    {
        Assert.Null(Thumbprints.Normalize(given, out var error));
        Assert.StartsWith("--thumbprint", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_UniquePrefix_FullThumbprint()
    {
        var peer = Peer(Full, "62c39d5200000000000000000000000000000000000000000000000000000000");

        Assert.Equal(Full, Thumbprints.Resolve(peer, "62c39d511e"));
    }

    [Fact]
    public void Resolve_AmbiguousPrefix_UsageError()
    {
        var peer = Peer(Full, "62c39d5200000000000000000000000000000000000000000000000000000000");

        var error = Assert.Throws<CliFailure>(() => Thumbprints.Resolve(peer, "62c39d5"));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Contains("matches 2 certificates", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_NoMatch_RefusedNamingPeer()
    {
        var error = Assert.Throws<CliFailure>(() => Thumbprints.Resolve(Peer(Full), "00112233"));

        Assert.Equal(ExitCodes.ServerRefused, error.ExitCode);
        Assert.Contains("peer 'south'", error.Message, StringComparison.Ordinal);
    }

    private static Peer Peer(params string[] thumbprints)
    {
        var peer = new Peer { Name = "south", Address = "https://south.example:7443" };
        foreach (var thumbprint in thumbprints)
            peer.Certificates.Add(new PeerCertificate { Thumbprint = thumbprint, Subject = "CN=south.example" });
        return peer;
    }
}
