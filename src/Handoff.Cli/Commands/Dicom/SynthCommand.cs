using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Handoff.Dicom.Synthetic;

namespace Handoff.Cli.Commands.Dicom;

/// <summary>`handoff dicom synth`: writes a synthetic CT study (512×512, 16-bit) with Handoff's own writer.</summary>
internal static class SynthCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Folder to write the study into (one subfolder per series).", Required = true };
        var slices = new Option<int>("--slices") { Description = "Number of instances in the study.", Required = true };
        var series = new Option<int>("--series") { Description = "Number of series the slices are split into.", DefaultValueFactory = _ => 1 };
        var seed = new Option<int>("--seed") { Description = "Seed for UIDs and pixels; the same seed writes the same bytes.", DefaultValueFactory = _ => 1 };
        var command = new Command("synth", "Write a synthetic, valid CT study: unique UIDs, a different image per slice, deterministic for a seed.")
        {
            output,
            slices,
            series,
            seed,
        };
        command.SetAction(parseResult => CliErrorHandler.Run(() => Execute(
            parseResult.GetRequiredValue(output),
            new SyntheticStudyOptions
            {
                Slices = parseResult.GetValue(slices),
                Series = parseResult.GetValue(series),
                Seed = parseResult.GetValue(seed),
            })));
        return command;
    }

    private static int Execute(string directory, SyntheticStudyOptions options)
    {
        try
        {
            options.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            // The first line is the rule that was broken; the rest repeats the parameter name and value.
            throw CliFailure.Usage(e.Message.Split('\n')[0].Trim());
        }
        var stopwatch = Stopwatch.StartNew();
        Directory.CreateDirectory(directory);
        var paths = SyntheticCtStudy.Write(directory, options);
        long bytes = 0;
        foreach (var path in paths)
            bytes += new FileInfo(path).Length;
        var study = SyntheticCtStudy.Uid(options.Seed, "study");
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrote {paths.Count} instances in {options.Series} series ({ByteSize.Format(bytes)}) of study {study} to {directory} in {stopwatch.Elapsed.TotalSeconds:0.00} s"));
        return ExitCodes.Success;
    }
}
