using System.Diagnostics;
using System.Text.Json;

namespace Handoff.Dicom.Tests.Corpus;

/// <summary>Runs dcmtk's dcm2json on a file: the DICOM JSON dcmtk makes of it, or null when dcmtk cannot read or convert it.</summary>
public static class Dcm2JsonOracle
{
    public static JsonElement? Run(string path)
    {
        var start = new ProcessStartInfo("dcm2json", ["-q", "-fc", path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dcm2json did not start (install dcmtk)");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill();
            throw new TimeoutException($"dcm2json hung on {path}");
        }
        if (process.ExitCode != 0 || stdout.Result.Length == 0)
            return null;
        using var document = JsonDocument.Parse(stdout.Result);
        return document.RootElement.Clone();
    }
}
