using System.CommandLine;
using Handoff.Protos.V1;

namespace Handoff.Cli.Commands.User;

/// <summary>`handoff user reset-password FACILITY USERNAME`: a new one-time password alone on stdout; lifts a lockout, ends open sessions.</summary>
internal static class UserResetPasswordCommand
{
    public static Command Create(ServerOptions server)
    {
        var facility = UserCommand.FacilityArgument();
        var username = UserCommand.UsernameArgument();
        var command = new Command("reset-password", "Issue a new one-time password (lifts a lockout; open sessions end).") { facility, username };
        command.SetAction((parseResult, cancellationToken) => server.RunAsync(parseResult, cancellationToken, async (connection, token) =>
        {
            var request = new UserRequest { FacilityId = parseResult.GetRequiredValue(facility), Username = parseResult.GetRequiredValue(username) };
            var issued = await connection.Users.ResetUserPasswordAsync(request, cancellationToken: token).ConfigureAwait(false);
            Console.Out.WriteLine(issued.OneTimePassword);
            return ExitCodes.Success;
        }));
        return command;
    }
}
