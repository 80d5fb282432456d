using System.Diagnostics;
using System.Text.Json;

namespace Handoff.Dicom.Tests.Corpus;

/// <summary>Runs dcmtk's dcm2json on a file: the DICOM JSON dcmtk makes of it, or null when dcmtk cannot read or convert it.</summary>
public static class Dcm2JsonOracle
{
    public static JsonElement? Run(string path)
    {
        var (exitCode, json, errors) = Execute("dcm2json", "-fc", path);
        if (exitCode != 0 && errors.Contains("compressed pixel data", StringComparison.Ordinal))
            return RunWithoutPixelData(path);
        if (exitCode != 0 || json.Length == 0)
            return null;
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>
    /// dcm2json 3.6.7 refuses encapsulated pixel data (it only writes InlineBinary); dcmtk's own dcmodify
    /// removes it from a copy so the rest of the data set can still be compared.
    /// </summary>
    private static JsonElement? RunWithoutPixelData(string path)
    {
        var copy = Path.Combine(Path.GetTempPath(), $"handoff-oracle-{Guid.NewGuid():N}.dcm");
        try
        {
            File.Copy(path, copy);
            var (modified, _, _) = Execute("dcmodify", "-q", "-nb", "-ea", "(7fe0,0010)", copy);
            if (modified != 0)
                return null;
            var (exitCode, json, _) = Execute("dcm2json", "-fc", copy);
            if (exitCode != 0 || json.Length == 0)
                return null;
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        finally
        {
            File.Delete(copy);
        }
    }

    private static (int ExitCode, string Stdout, string Stderr) Execute(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start (install dcmtk)");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill();
            throw new TimeoutException($"{program} hung on {string.Join(' ', arguments)}");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
