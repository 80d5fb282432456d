using System.CommandLine;
using Handoff.Protos.V1;

namespace Handoff.Cli.Commands.Peer;

/// <summary>`handoff peer facilities [--peer PEER] [--json]`: the remote facilities local facilities can send to.</summary>
internal static class PeerFacilitiesCommand
{
    public static Command Create(ServerOptions server)
    {
        var peer = new Option<string?>("--peer") { Description = "Only this peer network's facilities.", HelpName = "PEER" };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var command = new Command("facilities", "List the remote facilities that can be sent to, as facility@network addresses for `send --to`.") { peer, json };
        command.SetAction((parseResult, cancellationToken) => server.RunAsync(parseResult, cancellationToken, async (connection, token) =>
        {
            var request = new ListRemoteFacilitiesRequest { Peer = parseResult.GetValue(peer) ?? string.Empty };
            var response = await connection.Peers.ListRemoteFacilitiesAsync(request, cancellationToken: token).ConfigureAwait(false);
            RemoteFacilityOutput.Write(response.Facilities, parseResult.GetValue(json));
            return ExitCodes.Success;
        }));
        return command;
    }
}
