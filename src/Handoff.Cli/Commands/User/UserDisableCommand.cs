using System.CommandLine;
using Handoff.Protos.V1;

namespace Handoff.Cli.Commands.User;

/// <summary>`handoff user disable FACILITY USERNAME`: the user can no longer sign in, and their open sessions end.</summary>
internal static class UserDisableCommand
{
    public static Command Create(ServerOptions server)
    {
        var facility = UserCommand.FacilityArgument();
        var username = UserCommand.UsernameArgument();
        var command = new Command("disable", "Disable a user: signing in is refused and open sessions end.") { facility, username };
        command.SetAction((parseResult, cancellationToken) => server.RunAsync(parseResult, cancellationToken, async (connection, token) =>
        {
            var request = new UserRequest { FacilityId = parseResult.GetRequiredValue(facility), Username = parseResult.GetRequiredValue(username) };
            var user = await connection.Users.DisableUserAsync(request, cancellationToken: token).ConfigureAwait(false);
            Console.Out.WriteLine($"{user.FacilityId}/{user.Username} disabled");
            return ExitCodes.Success;
        }));
        return command;
    }
}
