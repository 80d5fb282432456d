using System.CommandLine;

namespace Handoff.Cli.Commands.Peer;

/// <summary>
/// `handoff peer`: federation with other regional networks. Which peers this cluster trusts (pinned certificates,
/// revocation), which local facilities each may send to, and which of theirs can be sent to from here as
/// facility@network. Every subcommand needs the operator key.
/// </summary>
internal static class PeerCommand
{
    public static Command Create(ServerOptions server)
    {
        var command = new Command("peer", "Federate with other networks: peers, their certificates, exported and imported facilities (needs the operator key).");
        command.Subcommands.Add(PeerAddCommand.Create(server));
        command.Subcommands.Add(PeerListCommand.Create(server));
        command.Subcommands.Add(PeerRevokeCommand.Create(server));
        command.Subcommands.Add(PeerExportCommand.Create(server));
        command.Subcommands.Add(PeerUnexportCommand.Create(server));
        command.Subcommands.Add(PeerImportCommand.Create(server));
        command.Subcommands.Add(PeerFacilitiesCommand.Create(server));
        return command;
    }
}
