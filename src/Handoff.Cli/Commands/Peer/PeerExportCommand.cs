using System.CommandLine;
using Handoff.Protos.V1;

namespace Handoff.Cli.Commands.Peer;

/// <summary>`handoff peer export FACILITY --to PEER`: the peer may send transfers to this local facility.</summary>
internal static class PeerExportCommand
{
    public static Command Create(ServerOptions server)
    {
        var facility = new Argument<string>("FACILITY") { Description = "The local facility id." };
        var peer = new Option<string>("--to") { Description = "The peer network that may send to it.", Required = true, HelpName = "PEER" };
        var command = new Command("export", "Let a peer network send transfers to a local facility; peers learn of nothing else.") { facility, peer };
        command.SetAction((parseResult, cancellationToken) => server.RunAsync(parseResult, cancellationToken, async (connection, token) =>
        {
            var request = new ExportFacilityRequest { FacilityId = parseResult.GetRequiredValue(facility), Peer = parseResult.GetRequiredValue(peer) };
            var updated = await connection.Peers.ExportFacilityAsync(request, cancellationToken: token).ConfigureAwait(false);
            Console.Out.WriteLine($"exported {request.FacilityId} to {updated.Name}; {updated.Name} may now send to: {Exports(updated)}");
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>The facilities a peer may send to, for the one-line answers of export and unexport.</summary>
    public static string Exports(Protos.V1.Peer peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        return peer.ExportedFacilityIds.Count == 0 ? "no facility" : string.Join(", ", peer.ExportedFacilityIds);
    }
}
