using System.CommandLine;
using Handoff.Protos.V1;

namespace Handoff.Cli.Commands.Facility;

/// <summary>`handoff facility disable ID`: refuses the facility's key from now on; its transfers and audit remain.</summary>
internal static class FacilityDisableCommand
{
    public static Command Create(ServerOptions server)
    {
        var id = new Argument<string>("ID") { Description = "The facility id." };
        var command = new Command("disable", "Disable a facility: its key is refused; its transfers and audit trail remain.") { id };
        command.SetAction((parseResult, cancellationToken) => server.RunAsync(parseResult, cancellationToken, async (connection, token) =>
        {
            var request = new DisableFacilityRequest { FacilityId = parseResult.GetRequiredValue(id) };
            var facility = await connection.Facilities.DisableFacilityAsync(request, cancellationToken: token).ConfigureAwait(false);
            Console.Out.WriteLine($"disabled {facility.Id} ({facility.DisplayName})");
            return ExitCodes.Success;
        }));
        return command;
    }
}
