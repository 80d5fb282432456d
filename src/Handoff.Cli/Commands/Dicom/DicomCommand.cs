using System.CommandLine;

namespace Handoff.Cli.Commands.Dicom;

/// <summary>`handoff dicom`: look inside DICOM files and folders, and make synthetic studies for tests.</summary>
internal static class DicomCommand
{
    public static Command Create()
    {
        var command = new Command("dicom", "Inspect DICOM files and folders, and write synthetic studies.");
        command.Subcommands.Add(DumpCommand.Create());
        command.Subcommands.Add(JsonCommand.Create());
        command.Subcommands.Add(IndexCommand.Create());
        command.Subcommands.Add(SynthCommand.Create());
        return command;
    }
}
