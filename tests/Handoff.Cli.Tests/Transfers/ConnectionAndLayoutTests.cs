using Handoff.Cli.Commands;
using Handoff.Cli.Transfers;

namespace Handoff.Cli.Tests.Transfers;

/// <summary>Where the client connects, and where received files land (never outside the output folder).</summary>
public sealed class ConnectionAndLayoutTests
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

    [Fact]
    public void InstancePath_OrdinaryUids_StudySeriesInstanceFolders()
    {
        var path = ReceiveLayout.InstancePath("/out", "1.2.3", "1.2.3.4", "1.2.3.4.5");

        Assert.Equal(Path.Combine("/out", "1.2.3", "1.2.3.4", "1.2.3.4.5.dcm"), path);
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../../etc")]
    [InlineData("1.2/3")]
    [InlineData("")]
    public void InstancePath_UidThatIsNotASafeName_ReplacedAndStaysInside(string uid)
    {
        var path = ReceiveLayout.InstancePath("/out", uid, uid, uid);

        Assert.StartsWith("/out/", Path.GetFullPath(path), StringComparison.Ordinal);
        Assert.Equal(3, Path.GetRelativePath("/out", path).Split(Path.DirectorySeparatorChar).Length);
    }
}
