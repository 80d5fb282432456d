using Handoff.Cli.Commands;
using Handoff.Cli.Transfers;

namespace Handoff.Cli.Tests.Transfers;

/// <summary>Where the client connects: --server lists, and only http:// or https:// addresses.</summary>
public sealed class ConnectionSettingsTests
{
    [Fact]
    public void Resolve_CommaSeparatedAndRepeated_AllServersInOrder()
    {
        var settings = ConnectionSettings.Resolve(["http://a:7800,http://b:7800", "c:7801"], "key");

        Assert.Equal(["http://a:7800/", "http://b:7800/", "http://c:7801/"], settings.Servers.Select(u => u.ToString()).ToArray());
        Assert.Equal("key", settings.Key);
    }

    [Fact]
    public void Resolve_NotHttp_IsUsageError()
    {
        var error = Assert.Throws<CliFailure>(() => ConnectionSettings.Resolve(["ftp://a"], null));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Contains("ftp://a", error.Message, StringComparison.Ordinal);
    }
}
