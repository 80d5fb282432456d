namespace Handoff.Dicom.Tests.Corpus;

/// <summary>
/// The pydicom test corpus from Debian's python3-pydicom: real files no one here wrote, covering every
/// transfer syntax, odd encodings and deliberately malformed files. test.sh installs the package.
/// </summary>
public static class CorpusFiles
{
    public const string Root = "/usr/lib/python3/dist-packages/pydicom/data";
    public static readonly string TestFiles = Path.Combine(Root, "test_files");
    public static readonly string CharsetFiles = Path.Combine(Root, "charset_files");

    /// <summary>Every file of the corpus (DICOM or not), as paths relative to <see cref="Root"/>.</summary>
    public static IReadOnlyList<string> All()
    {
        if (!Directory.Exists(TestFiles))
            throw new InvalidOperationException($"{TestFiles} is missing: install python3-pydicom (./test.sh does)");
        var files = new List<string>();
        foreach (var folder in new[] { TestFiles, CharsetFiles })
        {
            foreach (var path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            {
                if (!path.Contains("__pycache__", StringComparison.Ordinal))
                    files.Add(Path.GetRelativePath(Root, path));
            }
        }
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    public static TheoryData<string> AllAsTheory()
    {
        var data = new TheoryData<string>();
        foreach (var file in All())
            data.Add(file);
        return data;
    }

    /// <summary>The files Handoff must read (every file but <see cref="CorpusParseTests.ExpectedFailures"/>).</summary>
    public static TheoryData<string> ReadableAsTheory()
    {
        var data = new TheoryData<string>();
        foreach (var file in All())
        {
            if (!CorpusParseTests.ExpectedFailures.ContainsKey(file))
                data.Add(file);
        }
        return data;
    }

    public static string FullPath(string relative) => Path.Combine(Root, relative);
}
