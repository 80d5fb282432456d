using Handoff.Dicom.Synthetic;

namespace Handoff.Dicom.Bench;

/// <summary>
/// The 2000-instance synthetic CT study the benchmarks parse. It is written once per seed under the temp
/// folder and reused: generating 1 GiB takes far longer than the benchmarks themselves. The "complete" marker
/// sits beside the study, not in it, so `handoff dicom index` and dcmdump see only DICOM files.
/// </summary>
public static class BenchStudy
{
    public const int Slices = 2000;
    public const int Seed = 1;

    /// <summary>Overridable so several checkouts on one machine can share (or separate) the study.</summary>
    public static string Root =>
        Environment.GetEnvironmentVariable("HANDOFF_BENCH_DIR") is { Length: > 0 } dir
            ? dir
            : Path.Combine(Path.GetTempPath(), "handoff-bench");

    public static string Directory => Path.Combine(Root, $"ct-{Slices}-seed{Seed}");

    private static string Marker => Directory + ".complete";

    /// <summary>Writes the study unless a complete one is already there; returns its files in a stable order.</summary>
    public static string[] Ensure()
    {
        if (!File.Exists(Marker))
        {
            // A partial folder (an interrupted run) is rewritten from scratch: same seed, same bytes.
            if (System.IO.Directory.Exists(Directory))
                System.IO.Directory.Delete(Directory, recursive: true);
            SyntheticCtStudy.Write(Directory, new SyntheticStudyOptions { Slices = Slices, Seed = Seed });
            File.WriteAllText(Marker, $"{Slices}\n");
        }
        return Files();
    }

    /// <summary>The study's files sorted by path, without writing anything (the host process only needs sizes).</summary>
    public static string[] Files()
    {
        var files = System.IO.Directory.GetFiles(Directory, "*.dcm", SearchOption.AllDirectories);
        Array.Sort(files, StringComparer.Ordinal);
        if (files.Length != Slices)
            throw new InvalidOperationException($"{Directory} holds {files.Length} files, expected {Slices}; delete it and {Marker} to regenerate");
        return files;
    }
}
