namespace Handoff.Dicom.Bench;

/// <summary>
/// A named set of DICOM files parsed as one operation. Both the benchmark process (which loads the bytes)
/// and the host process (whose columns turn times into instances/s and GB/s) build it the same way, so the
/// counts the columns divide by are the counts the benchmark parsed.
/// </summary>
public sealed class Corpus
{
    public const string Synthetic = "synthetic-ct";
    public const string Pydicom = "pydicom";

    /// <summary>
    /// The pydicom corpus without its deflated files: one 4.6 KB deflated file inflates to 263 KB on the large
    /// object heap and costs more than the other files together, so this separates parsing from inflating.
    /// </summary>
    public const string PydicomNotDeflated = "pydicom-not-deflated";

    /// <summary>Debian's python3-pydicom test files: every transfer syntax, sequences, charsets, multi-frame.</summary>
    public const string PydicomFolder = "/usr/lib/python3/dist-packages/pydicom/data/test_files";

    private static readonly Dictionary<string, Corpus> Cache = [];

    private Corpus(string name, string[] files)
    {
        Name = name;
        Files = files;
        foreach (var file in files)
            TotalBytes += new FileInfo(file).Length;
    }

    public string Name { get; }

    public string[] Files { get; }

    public long TotalBytes { get; }

    public static Corpus Get(string name)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(name, out var corpus))
                Cache[name] = corpus = new Corpus(name, Find(name));
            return corpus;
        }
    }

    /// <summary>Reads every file into memory (which also puts it in the page cache).</summary>
    public ReadOnlyMemory<byte>[] Load()
    {
        var bytes = new ReadOnlyMemory<byte>[Files.Length];
        for (var i = 0; i < Files.Length; i++)
            bytes[i] = File.ReadAllBytes(Files[i]);
        return bytes;
    }

    private static string[] Find(string name) => name switch
    {
        Synthetic => BenchStudy.Files(),
        Pydicom => ParsableFiles(PydicomFolder, includeDeflated: true),
        PydicomNotDeflated => ParsableFiles(PydicomFolder, includeDeflated: false),
        _ => throw new ArgumentException($"unknown corpus '{name}'", nameof(name)),
    };

    /// <summary>
    /// The corpus holds files that are malformed on purpose; a benchmark measures the success path, so only
    /// files that parse are kept. Deterministic, so host and benchmark agree.
    /// </summary>
    private static string[] ParsableFiles(string folder, bool includeDeflated)
    {
        if (!System.IO.Directory.Exists(folder))
            throw new DirectoryNotFoundException($"{folder} is missing: apt-get install -y python3-pydicom");
        var files = System.IO.Directory.GetFiles(folder, "*.dcm");
        Array.Sort(files, StringComparer.Ordinal);
        var kept = new List<string>(files.Length);
        foreach (var file in files)
        {
            try
            {
                var parsed = DicomFile.Read(File.ReadAllBytes(file));
                if (includeDeflated || !parsed.TransferSyntax.IsDeflated)
                    kept.Add(file);
            }
            catch (DicomFormatException)
            {
                // malformed on purpose: not part of the success-path workload
            }
        }
        return [.. kept];
    }
}
