using Handoff.Cli.Commands.Peer;

namespace Handoff.Cli.Tests.Peers;

/// <summary>
/// The `peer` command lines the parser accepts and refuses. A refused line never reaches the server: the parser's
/// error is the one stderr line and the usage exit code (see <see cref="PeerCommandProcessTests"/>).
/// </summary>
public sealed class PeerArgumentTests
{
    [Theory]
    [InlineData("peer", "add", "south", "--address", "https://south.example:7443", "--certificate", "south.pem")]
    [InlineData("peer", "add", "south", "--address", "https://10.0.0.5:7443", "--certificate", "a.pem", "--certificate", "b.pem")]
    [InlineData("peer", "list", "--json")]
    [InlineData("peer", "revoke", "south")]
    [InlineData("peer", "revoke", "south", "--certificate", "old.pem")]
    [InlineData("peer", "revoke", "south", "--thumbprint", "62c39d51")]
    [InlineData("peer", "export", "st-marys", "--to", "south")]
    [InlineData("peer", "unexport", "st-marys", "--from", "south")]
    [InlineData("peer", "import", "south", "general", "childrens")]
    [InlineData("peer", "import", "south", "--all", "--json")]
    [InlineData("peer", "facilities")]
    [InlineData("peer", "facilities", "--peer", "south", "--json")]
    public void Parse_WellFormedPeerCommand_NoErrors(params string[] arguments)
    {
        var result = HandoffCommandLine.Create().Parse(arguments);

        Assert.Empty(result.Errors);
    }

    [Theory]
    [InlineData("name at least one FACILITY", "peer", "import", "south")]
    [InlineData("not both", "peer", "import", "south", "general", "--all")]
    [InlineData("not both", "peer", "revoke", "south", "--certificate", "old.pem", "--thumbprint", "62c39d51")]
    [InlineData("not hexadecimal", "peer", "revoke", "south", "--thumbprint", "not-a-thumbprint")]
    [InlineData("8 to 64 hex digits", "peer", "revoke", "south", "--thumbprint", "62c3")]
    [InlineData("https://host:port", "peer", "add", "south", "--address", "http://south.example:7443", "--certificate", "south.pem")]
    [InlineData("https://host:port", "peer", "add", "south", "--address", "south.example:7443", "--certificate", "south.pem")]
    [InlineData("--certificate", "peer", "add", "south", "--address", "https://south.example:7443")]
    [InlineData("--address", "peer", "add", "south", "--certificate", "south.pem")]
    [InlineData("--to", "peer", "export", "st-marys")]
    [InlineData("--from", "peer", "unexport", "st-marys")]
    public void Parse_MalformedPeerCommand_ErrorSaysWhatIsWrong(string expected, params string[] arguments)
    {
        var result = HandoffCommandLine.Create().Parse(arguments);

        Assert.Contains(result.Errors, error => error.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://south.example:7443", true)]
    [InlineData("https://south.example", true)]
    [InlineData("http://south.example:7443", false)]
    [InlineData("south.example:7443", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void AddressError_OnlyHttpsAbsoluteAddressesPass(string? address, bool accepted)
    {
        Assert.Equal(accepted, PeerAddCommand.AddressError(address) is null);
    }
}
