using System.CommandLine;
using Handoff.Protos.V1;

namespace Handoff.Cli.Commands.Peer;

/// <summary>`handoff peer unexport FACILITY --from PEER`: the peer may no longer send transfers to this local facility.</summary>
internal static class PeerUnexportCommand
{
    public static Command Create(ServerOptions server)
    {
        var facility = new Argument<string>("FACILITY") { Description = "The local facility id." };
        var peer = new Option<string>("--from") { Description = "The peer network that may no longer send to it.", Required = true, HelpName = "PEER" };
        var command = new Command("unexport", "Stop a peer network from sending transfers to a local facility.") { facility, peer };
        command.SetAction((parseResult, cancellationToken) => server.RunAsync(parseResult, cancellationToken, async (connection, token) =>
        {
            var request = new ExportFacilityRequest { FacilityId = parseResult.GetRequiredValue(facility), Peer = parseResult.GetRequiredValue(peer) };
            var updated = await connection.Peers.UnexportFacilityAsync(request, cancellationToken: token).ConfigureAwait(false);
            Console.Out.WriteLine($"{request.FacilityId} is no longer exported to {updated.Name}; {updated.Name} may now send to: {PeerExportCommand.Exports(updated)}");
            return ExitCodes.Success;
        }));
        return command;
    }
}
