using System.CommandLine;
using Handoff.Dicom.Json;

namespace Handoff.Cli.Commands.Dicom;

/// <summary>`handoff dicom json FILE`: the DICOM JSON Model (PS3.18 Annex F) of the file's data set, as dcm2json writes it.</summary>
internal static class JsonCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The DICOM file to convert." };
        var compact = new Option<bool>("--compact") { Description = "Write without indentation or line breaks." };
        var threshold = new Option<long>("--inline-threshold")
        {
            Description = "Binary values of this many bytes or more become a BulkDataURI instead of base64 InlineBinary.",
            DefaultValueFactory = _ => DicomJsonWriterOptions.DefaultInlineBinaryThreshold,
        };
        var command = new Command("json", "Print the DICOM JSON Model of a file's data set (without file meta) on stdout.")
        {
            file,
            compact,
            threshold,
        };
        command.SetAction(parseResult => CliErrorHandler.Run(() => Execute(
            parseResult.GetRequiredValue(file), parseResult.GetValue(compact), parseResult.GetValue(threshold))));
        return command;
    }

    private static int Execute(string path, bool compact, long inlineThreshold)
    {
        if (inlineThreshold < 0)
            throw CliFailure.Usage("--inline-threshold must be zero or more");
        var dicom = DicomInput.Open(path);
        var fileUri = new Uri(Path.GetFullPath(path)).AbsoluteUri;
        var options = new DicomJsonWriterOptions
        {
            Indented = !compact,
            InlineBinaryThreshold = inlineThreshold,
            // The value stays in the source file, so the URI names that file and the element's place in it.
            BulkDataUri = bulk => $"{fileUri}#{bulk.TagPath}",
        };
        using var output = Console.OpenStandardOutput();
        new DicomJsonWriter(options).Write(dicom.Dataset, output);
        output.WriteByte((byte)'\n');
        return ExitCodes.Success;
    }
}
