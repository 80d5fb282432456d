using System.CommandLine;
using Handoff.Cli.Dump;

namespace Handoff.Cli.Commands.Dicom;

/// <summary>`handoff dicom dump FILE`: every element of the file meta group and the data set, one per line, like dcmdump.</summary>
internal static class DumpCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The DICOM file to dump." };
        var command = new Command("dump", "Print a DICOM file's elements like dcmdump: tag, VR, value, length, keyword; sequence items indented.")
        {
            file,
        };
        command.SetAction(parseResult => CliErrorHandler.Run(() => Execute(parseResult.GetRequiredValue(file))));
        return command;
    }

    private static int Execute(string path)
    {
        var dicom = DicomInput.Open(path);
        using var output = DicomInput.OpenStandardOutput();
        new DicomDumpWriter(output).Write(dicom);
        return ExitCodes.Success;
    }
}
