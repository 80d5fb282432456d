using System.Text.Json;
using Handoff.Cli.Tests.Infrastructure;
using Handoff.Testing;

namespace Handoff.Cli.Tests.Users;

/// <summary>
/// `handoff user` through the executable: add prints a one-time password alone on stdout; list shows the user as
/// due a password change (JSON too) without any password; reset-password prints a new one; disable marks the user;
/// the facility's own key manages its users but another facility's key is refused in one line; a taken username
/// (in any facility), a bad username and an unknown role are refused with a non-zero exit and one line on stderr.
/// </summary>
public sealed class UserCommandTests : IAsyncLifetime
{
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await CliServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void UserCommands_AddListResetDisable_AndRefusals()
    {
        var keyA = _server.AddFacility("ucli-a");
        var keyB = _server.AddFacility("ucli-b");

        var added = _server.Handoff(_server.OperatorKey, "user", "add", "ucli-a", "Dana.Doc", "--role", "clinician");
        var byOwnKey = _server.Handoff(keyA, "user", "add", "ucli-a", "eve.coord", "--role", "coordinator");
        var byOtherKey = _server.Handoff(keyB, "user", "add", "ucli-a", "mallory", "--role", "admin");
        var taken = _server.Handoff(keyB, "user", "add", "ucli-b", "dana.doc", "--role", "clinician");
        var badName = _server.Handoff(keyA, "user", "add", "ucli-a", "dana doc", "--role", "clinician");
        var badRole = _server.Handoff(keyA, "user", "add", "ucli-a", "frank", "--role", "surgeon");
        var reset = _server.Handoff(keyA, "user", "reset-password", "ucli-a", "dana.doc");
        var disabled = _server.Handoff(keyA, "user", "disable", "ucli-a", "eve.coord");
        var table = _server.Handoff(keyA, "user", "list", "ucli-a");
        var json = _server.Handoff(_server.OperatorKey, "user", "list", "ucli-a", "--json");
        var unknown = _server.Handoff(keyA, "user", "disable", "ucli-a", "nobody");

        Assert.True(added.ExitCode == 0, added.ToString());
        var password = added.StandardOutput.Trim();
        Assert.Matches("^[A-Za-z0-9]{20}$", password);
        Assert.True(byOwnKey.ExitCode == 0, byOwnKey.ToString());
        Assert.NotEqual(0, byOtherKey.ExitCode);
        Assert.Single(byOtherKey.ErrorLines);
        Assert.Contains("permission denied", byOtherKey.StandardError, StringComparison.Ordinal);
        Assert.NotEqual(0, taken.ExitCode);
        Assert.Contains("taken", taken.StandardError, StringComparison.Ordinal);
        Assert.NotEqual(0, badName.ExitCode);
        Assert.Single(badName.ErrorLines);
        Assert.Contains("username", badName.StandardError, StringComparison.Ordinal);
        Assert.NotEqual(0, badRole.ExitCode);
        Assert.Contains("surgeon", badRole.StandardError, StringComparison.Ordinal);
        Assert.True(reset.ExitCode == 0, reset.ToString());
        Assert.NotEqual(password, reset.StandardOutput.Trim());
        Assert.True(disabled.ExitCode == 0, disabled.ToString());
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Single(unknown.ErrorLines);

        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("dana.doc", table.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(password, table.StandardOutput, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json.StandardOutput);
        var users = document.RootElement.GetProperty("users").EnumerateArray().ToDictionary(u => u.GetProperty("username").GetString()!, u => u);
        Assert.Equal(["dana.doc", "eve.coord"], users.Keys.Order().ToArray());
        Assert.Equal("clinician", users["dana.doc"].GetProperty("role").GetString());
        Assert.Equal("password-change-due", users["dana.doc"].GetProperty("status").GetString());
        Assert.Equal("disabled", users["eve.coord"].GetProperty("status").GetString());
        Assert.DoesNotContain(reset.StandardOutput.Trim(), json.StandardOutput, StringComparison.Ordinal);
    }
}
