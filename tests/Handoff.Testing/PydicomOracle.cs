using System.Diagnostics;

namespace Handoff.Testing;

/// <summary>
/// pydicom (Debian's python3-pydicom, under /usr/bin/python3: the first python3 on PATH may be another) as an
/// oracle that is not our code: the pixel data bytes of a file, and its corpus of real files.
/// </summary>
public static class PydicomOracle
{
    public const string Corpus = "/usr/lib/python3/dist-packages/pydicom/data/test_files";

    /// <summary>The value of (7FE0,0010) as pydicom reads it.</summary>
    public static async Task<byte[]> PixelDataAsync(string path)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("import sys, pydicom; sys.stdout.buffer.write(pydicom.dcmread(sys.argv[1]).PixelData)");
        start.ArgumentList.Add(path);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        using var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await copy;
        return process.ExitCode == 0 ? output.ToArray() : throw new InvalidOperationException($"pydicom failed on {path}: {await error}");
    }
}
