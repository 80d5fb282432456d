using System.CommandLine;

namespace Handoff.Cli.Commands.Facility;

/// <summary>`handoff facility`: register care sites and manage their keys. Every subcommand needs the operator key.</summary>
internal static class FacilityCommand
{
    public static Command Create(ServerOptions server)
    {
        var command = new Command("facility", "Register facilities and manage their API keys (needs the operator key).");
        command.Subcommands.Add(FacilityAddCommand.Create(server));
        command.Subcommands.Add(FacilityListCommand.Create(server));
        command.Subcommands.Add(FacilityRotateKeyCommand.Create(server));
        command.Subcommands.Add(FacilityDisableCommand.Create(server));
        return command;
    }
}
