using System.CommandLine;
using Handoff.Cli.Index;

namespace Handoff.Cli.Commands.Dicom;

/// <summary>
/// `handoff dicom index DIR`: the studies in a folder tree. Files that are not DICOM instances are named on stderr,
/// one line each with the reason, and skipped; they do not make the command fail, because a folder copied from a
/// CD or a PACS export always holds a few (DICOMDIR, viewers, readme files).
/// </summary>
internal static class IndexCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("DIR") { Description = "The folder to scan, recursively." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var command = new Command("index", "List the studies in a folder: UID, patient, date, modalities, series, instances and bytes.")
        {
            directory,
            json,
        };
        command.SetAction(parseResult => CliErrorHandler.Run(() => Execute(parseResult.GetRequiredValue(directory), parseResult.GetValue(json))));
        return command;
    }

    private static int Execute(string directory, bool json)
    {
        if (File.Exists(directory))
            throw CliFailure.Usage($"{directory}: is a file; index scans a folder (use 'handoff dicom dump' for one file)");
        if (!Directory.Exists(directory))
            throw new CliFailure($"{directory}: no such directory");
        var index = StudyIndexer.Scan(directory);
        foreach (var skipped in index.Skipped)
            Console.Error.WriteLine($"{skipped.Path}: skipped: {skipped.Reason}");
        if (json)
        {
            using var output = Console.OpenStandardOutput();
            StudyIndexReport.WriteJson(index, output);
        }
        else
        {
            using var output = DicomInput.OpenStandardOutput();
            StudyIndexReport.WriteTable(index, output);
        }
        return ExitCodes.Success;
    }
}
