using System.CommandLine;
using Handoff.Protos.V1;

namespace Handoff.Cli.Commands.Facility;

/// <summary>`handoff facility rotate-key ID`: issues a new key and prints it alone; the old key stops working at once.</summary>
internal static class FacilityRotateKeyCommand
{
    public static Command Create(ServerOptions server)
    {
        var id = new Argument<string>("ID") { Description = "The facility id." };
        var command = new Command("rotate-key", "Issue a new API key for a facility and print it; the old key stops working.") { id };
        command.SetAction((parseResult, cancellationToken) => server.RunAsync(parseResult, cancellationToken, async (connection, token) =>
        {
            var request = new RotateFacilityKeyRequest { FacilityId = parseResult.GetRequiredValue(id) };
            var response = await connection.Facilities.RotateFacilityKeyAsync(request, cancellationToken: token).ConfigureAwait(false);
            Console.Out.WriteLine(response.ApiKey);
            return ExitCodes.Success;
        }));
        return command;
    }
}
