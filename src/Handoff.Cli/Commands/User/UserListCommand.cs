using System.CommandLine;
using System.Text.Json;
using Handoff.Cli.Output;
using Handoff.Protos.V1;

namespace Handoff.Cli.Commands.User;

/// <summary>`handoff user list FACILITY [--json]`: the facility's users, their roles and whether they are active, locked out or disabled.</summary>
internal static class UserListCommand
{
    public static Command Create(ServerOptions server)
    {
        var facility = UserCommand.FacilityArgument();
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var command = new Command("list", "List a facility's users.") { facility, json };
        command.SetAction((parseResult, cancellationToken) => server.RunAsync(parseResult, cancellationToken, async (connection, token) =>
        {
            var response = await connection.Users.ListUsersAsync(new ListUsersRequest { FacilityId = parseResult.GetRequiredValue(facility) }, cancellationToken: token).ConfigureAwait(false);
            if (parseResult.GetValue(json))
                JsonOutput.Write(writer => WriteJson(writer, response.Users));
            else
                WriteTable(response.Users);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static string RoleName(UserRole role) => role switch
    {
        UserRole.Coordinator => "coordinator",
        UserRole.Clinician => "clinician",
        UserRole.Admin => "admin",
        _ => "unknown",
    };

    private static string Status(Protos.V1.User user) =>
        user.Disabled ? "disabled" : user.LockedUntil is not null ? "locked-out" : user.MustChangePassword ? "password-change-due" : "active";

    private static void WriteJson(Utf8JsonWriter writer, IEnumerable<Protos.V1.User> users)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("users");
        foreach (var user in users)
        {
            writer.WriteStartObject();
            writer.WriteString("facility", user.FacilityId);
            writer.WriteString("username", user.Username);
            writer.WriteString("role", RoleName(user.Role));
            writer.WriteString("status", Status(user));
            JsonOutput.WriteTime(writer, "createdAt", user.CreatedAt);
            JsonOutput.WriteTime(writer, "lastSignInAt", user.LastSignInAt);
            JsonOutput.WriteTime(writer, "lockedUntil", user.LockedUntil);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteTable(IEnumerable<Protos.V1.User> users)
    {
        var table = new TextTable("USERNAME", "ROLE", "STATUS", "LAST SIGN-IN", "CREATED");
        foreach (var user in users)
            table.Add(user.Username, RoleName(user.Role), Status(user), JsonOutput.Time(user.LastSignInAt), JsonOutput.Time(user.CreatedAt));
        table.Write(Console.Out);
    }
}
