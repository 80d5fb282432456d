using System.CommandLine;
using Handoff.Protos.V1;

namespace Handoff.Cli.Commands.User;

/// <summary>
/// `handoff user add FACILITY USERNAME --role coordinator|clinician|admin`: adds a user and prints a one-time password
/// alone on stdout (`pw=$(handoff user add ...)`). It must be changed at the first sign-in; the server keeps only a
/// slow hash of it.
/// </summary>
internal static class UserAddCommand
{
    public static Command Create(ServerOptions server)
    {
        var facility = UserCommand.FacilityArgument();
        var username = UserCommand.UsernameArgument();
        var role = new Option<string>("--role")
        {
            Description = "coordinator (send, receive, reconcile, cancel), clinician (see and view) or admin (manage users).",
            Required = true,
        };
        role.AcceptOnlyFromAmong("coordinator", "clinician", "admin");
        var command = new Command("add", "Add a user and print a one-time password.") { facility, username, role };
        command.SetAction((parseResult, cancellationToken) => server.RunAsync(parseResult, cancellationToken, async (connection, token) =>
        {
            var request = new AddUserRequest
            {
                FacilityId = parseResult.GetRequiredValue(facility),
                Username = parseResult.GetRequiredValue(username),
                Role = RoleOf(parseResult.GetRequiredValue(role)),
            };
            var issued = await connection.Users.AddUserAsync(request, cancellationToken: token).ConfigureAwait(false);
            Console.Out.WriteLine(issued.OneTimePassword);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static UserRole RoleOf(string role) => role switch
    {
        "coordinator" => UserRole.Coordinator,
        "clinician" => UserRole.Clinician,
        "admin" => UserRole.Admin,
        _ => UserRole.Unspecified,
    };
}
