using System.Net;
using System.Net.Sockets;
using Handoff.Cli.Tests.Infrastructure;
using Handoff.Testing;

namespace Handoff.Cli.Tests.Peers;

/// <summary>
/// The built `handoff peer` refusing what it must refuse before any call: one stderr line, the documented exit code,
/// and not one connection to the server (a listening socket that nobody may touch stands in for it).
/// </summary>
public sealed class PeerCommandProcessTests
{
    [Fact]
    public void Add_CertificateFileWithPrivateKey_InputErrorAndNothingSent()
    {
        using var folder = new TempFolder();
        using var certificate = PeerPem.Certificate();
        var good = folder.Combine("south.pem");
        var withKey = folder.Combine("south-full.pem");
        File.WriteAllText(good, certificate.ExportCertificatePem());
        File.WriteAllText(withKey, certificate.ExportCertificatePem() + "\n" + PeerPem.Pkcs8Key());
        using var server = new UntouchedServer();

        var result = ProcessRunner.Handoff("peer", "add", "south", "--address", "https://south.example:7443",
            "--certificate", good, "--certificate", withKey, "--server", server.Address, "--key", "operator");

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Equal($"handoff: {withKey}: holds a private key; give the peer's certificate only (its private key never leaves the peer)", line);
        Assert.Empty(result.StandardOutput);
        Assert.False(server.WasContacted, "the command connected to the server");
    }

    [Theory]
    [InlineData("peer", "import", "south")]
    [InlineData("peer", "revoke", "south", "--certificate", "old.pem", "--thumbprint", "62c39d51")]
    [InlineData("peer", "add", "south", "--address", "http://south.example:7443", "--certificate", "south.pem")]
    public void Command_InvalidArguments_UsageCodeOneLineNothingSent(params string[] arguments)
    {
        using var server = new UntouchedServer();

        var result = ProcessRunner.Handoff([.. arguments, "--server", server.Address, "--key", "operator"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"see 'handoff peer {arguments[1]} --help'", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.False(server.WasContacted, "the command connected to the server");
    }

    [Fact]
    public void Root_Help_ListsPeerCommands()
    {
        var result = ProcessRunner.Handoff("peer", "--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var command in (string[])["add", "list", "revoke", "export", "unexport", "import", "facilities"])
            Assert.Contains("  " + command + " ", result.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>A loopback port that listens but never accepts: any connection attempt is left pending, for the test to see.</summary>
    private sealed class UntouchedServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

        public UntouchedServer() => _listener.Start();

        public string Address => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

        public bool WasContacted => _listener.Pending();

        public void Dispose() => _listener.Stop();
    }
}
