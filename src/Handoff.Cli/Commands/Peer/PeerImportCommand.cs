using System.CommandLine;
using Handoff.Protos.V1;

namespace Handoff.Cli.Commands.Peer;

/// <summary>
/// `handoff peer import PEER [FACILITY ...] [--all] [--json]`: asks the peer which of its facilities it exports to this
/// network and makes the named ones (or, with --all, whatever it exports now and later) available to `send --to` as
/// facility@PEER. Prints every remote facility of that peer now available.
/// </summary>
internal static class PeerImportCommand
{
    public static Command Create(ServerOptions server)
    {
        var peer = new Argument<string>("PEER") { Description = "The peer network." };
        var facilities = new Argument<string[]>("FACILITY") { Description = "The peer's facility ids to import.", Arity = ArgumentArity.ZeroOrMore };
        var all = new Option<bool>("--all") { Description = "Import whatever the peer exports to this network, now and later." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var command = new Command("import", "Make facilities a peer exports to this network available to send to, as facility@PEER.") { peer, facilities, all, json };
        command.Validators.Add(result =>
        {
            if (SelectionError(result.GetValue(facilities), result.GetValue(all)) is { } error)
                result.AddError(error);
        });
        command.SetAction((parseResult, cancellationToken) => server.RunAsync(parseResult, cancellationToken, async (connection, token) =>
        {
            var request = new ImportFacilitiesRequest { Peer = parseResult.GetRequiredValue(peer), All = parseResult.GetValue(all) };
            request.FacilityIds.AddRange(parseResult.GetValue(facilities) ?? []);
            var response = await connection.Peers.ImportFacilitiesAsync(request, cancellationToken: token).ConfigureAwait(false);
            RemoteFacilityOutput.Write(response.Facilities, parseResult.GetValue(json));
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Why the facilities given cannot be imported as asked, or null: name some, or --all, not both.</summary>
    public static string? SelectionError(IReadOnlyCollection<string>? facilities, bool all) => (facilities?.Count ?? 0, all) switch
    {
        (0, false) => "name at least one FACILITY of the peer to import, or give --all",
        (> 0, true) => "name facilities or give --all, not both",
        _ => null,
    };
}
