using System.CommandLine;
using Handoff.Protos.V1;

namespace Handoff.Cli.Commands.Facility;

/// <summary>
/// `handoff facility add ID --name NAME [--issuer ISSUER]`: registers a facility and prints its API key on stdout,
/// alone, so `key=$(handoff facility add ...)` captures it. The server keeps only a salted hash: this is the one
/// time the key is shown.
/// </summary>
internal static class FacilityAddCommand
{
    public static Command Create(ServerOptions server)
    {
        var id = new Argument<string>("ID") { Description = "The facility id, a slug: lowercase letters, digits and '-' (st-marys)." };
        var name = new Option<string>("--name") { Description = "Display name (St Mary's Hospital).", Required = true };
        var issuer = new Option<string?>("--issuer") { Description = "Issuer of Patient ID (0010,0021) for the facility's patient IDs." };
        var command = new Command("add", "Register a facility and print its new API key.") { id, name, issuer };
        command.SetAction((parseResult, cancellationToken) => server.RunAsync(parseResult, cancellationToken, async (connection, token) =>
        {
            var request = new RegisterFacilityRequest
            {
                FacilityId = parseResult.GetRequiredValue(id),
                DisplayName = parseResult.GetRequiredValue(name),
                PatientIdIssuer = parseResult.GetValue(issuer) ?? string.Empty,
            };
            var response = await connection.Facilities.RegisterFacilityAsync(request, cancellationToken: token).ConfigureAwait(false);
            Console.Out.WriteLine(response.ApiKey);
            return ExitCodes.Success;
        }));
        return command;
    }
}
