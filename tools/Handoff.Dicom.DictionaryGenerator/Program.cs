namespace Handoff.Dicom.DictionaryGenerator;

/// <summary>
/// Usage: dotnet run --project tools/Handoff.Dicom.DictionaryGenerator -- [attributes.json] [output.cs]
///        dotnet run --project tools/Handoff.Dicom.DictionaryGenerator -- private PRIVATE.DIC DEBIAN-COPYRIGHT OUTPUT.cs
/// Defaults are relative to the repository root (the directory holding Platform.sln), so the command
/// works from any directory inside the repository.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length == 4 && args[0] == "private")
        {
            // private PRIVATE.DIC DEBIAN-COPYRIGHT OUTPUT.cs: dcmtk's private tag dictionary, with its licence.
            var privateSource = PrivateDictionarySourceWriter.Generate(File.ReadAllText(args[1]), PrivateDictionarySourceWriter.LicenceOf(File.ReadAllText(args[2])));
            File.WriteAllText(args[3], privateSource);
            Console.WriteLine($"Wrote {args[3]} from {args[1]}.");
            return 0;
        }
        if (args.Length > 2 || (args.Length == 1 && args[0] is "-h" or "--help"))
        {
            Console.Error.WriteLine("usage: Handoff.Dicom.DictionaryGenerator [attributes.json] [output.cs]");
            return 2;
        }

        var root = FindRepositoryRoot(Directory.GetCurrentDirectory());
        var input = Path.GetFullPath(args.Length > 0 ? args[0] : Path.Combine(root, "..", "shared", "dicom-standard", "attributes.json"));
        var output = Path.GetFullPath(args.Length > 1
            ? args[1]
            : Path.Combine(root, "src", "Handoff.Dicom", "Dictionary", "Generated", "DicomDictionary.Entries.g.cs"));
        // The licence travels with the data: innolitics/dicom-standard ships LICENSE.txt beside attributes.json.
        var license = Path.Combine(Path.GetDirectoryName(input)!, "LICENSE.txt");

        if (!File.Exists(input) || !File.Exists(license))
        {
            Console.Error.WriteLine($"Missing {input} or {license}.");
            return 1;
        }

        var source = DicomDictionarySourceWriter.Generate(File.ReadAllText(input), File.ReadAllText(license));
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        File.WriteAllText(output, source);
        Console.WriteLine($"Wrote {output} from {input}.");
        return 0;
    }

    private static string FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Platform.sln")))
                return dir.FullName;
        }

        return start;
    }
}
