using System.CommandLine;
using Handoff.Cli.Output;
using Handoff.Protos.V1;

namespace Handoff.Cli.Commands.Peer;

/// <summary>`handoff peer list [--json]`: every peer with its certificates, exports and imports.</summary>
internal static class PeerListCommand
{
    public static Command Create(ServerOptions server)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON (full thumbprints) instead of a table." };
        var command = new Command("list", "List the peer networks: address, pinned certificates, exported and imported facilities, status.") { json };
        command.SetAction((parseResult, cancellationToken) => server.RunAsync(parseResult, cancellationToken, async (connection, token) =>
        {
            var response = await connection.Peers.ListPeersAsync(new ListPeersRequest(), cancellationToken: token).ConfigureAwait(false);
            if (parseResult.GetValue(json))
                JsonOutput.Write(writer => PeerOutput.WriteJson(writer, response.Peers));
            else
                PeerOutput.Table(response.Peers, DateTimeOffset.UtcNow).Write(Console.Out);
            return ExitCodes.Success;
        }));
        return command;
    }
}
