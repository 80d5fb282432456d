using System.CommandLine;

namespace Handoff.Cli.Commands.User;

/// <summary>`handoff user`: the named users of a facility, who sign in to the web page. Needs the operator key or the facility's key.</summary>
internal static class UserCommand
{
    public static Command Create(ServerOptions server)
    {
        var command = new Command("user", "Manage a facility's named users (needs the operator key or the facility's key).");
        command.Subcommands.Add(UserAddCommand.Create(server));
        command.Subcommands.Add(UserListCommand.Create(server));
        command.Subcommands.Add(UserDisableCommand.Create(server));
        command.Subcommands.Add(UserResetPasswordCommand.Create(server));
        return command;
    }

    public static Argument<string> FacilityArgument() => new("FACILITY") { Description = "The facility id (st-marys)." };

    public static Argument<string> UsernameArgument() =>
        new("USERNAME") { Description = "The username: a-z, 0-9, '.', '_' and '-', unique in the cluster (alice.jones)." };
}
