namespace Handoff.Cli.Tests.Infrastructure;

/// <summary>
/// The pydicom test files (Debian package python3-pydicom, installed by ./test.sh): real files from many
/// vendors and encodings, with dcmtk's opinion of them a process call away.
/// </summary>
public static class Corpus
{
    public const string Root = "/usr/lib/python3/dist-packages/pydicom/data";

    public static string TestFile(string name) => Existing(Path.Combine(Root, "test_files", name));

    public static string CharsetFile(string name) => Existing(Path.Combine(Root, "charset_files", name));

    private static string Existing(string path) =>
        File.Exists(path) ? path : throw new FileNotFoundException("pydicom test corpus missing; run ./test.sh to install python3-pydicom", path);
}
