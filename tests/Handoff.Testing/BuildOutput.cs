namespace Handoff.Testing;

/// <summary>
/// Where the programs the tests start are: the dotnet host, and Handoff.Server.dll / handoff.dll in their own projects'
/// output folders for the configuration and framework of the running test assembly
/// (…/tests/X.Tests/bin/Release/net10.0/ → …/src/Handoff.Server/bin/Release/net10.0/Handoff.Server.dll). Run from
/// there, each program loads exactly the assemblies it was built with, whichever test project starts it.
/// </summary>
public static class BuildOutput
{
    /// <summary>The dotnet CLI tells child processes which host launched it; fall back to the one on PATH.</summary>
    public static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";

    public static string ServerAssembly => Find("Handoff.Server", "Handoff.Server.dll");

    public static string ClientAssembly => Find("Handoff.Cli", "handoff.dll");

    /// <summary>A program under samples/ (e.g. Handoff.Client.Sample), from its own output folder.</summary>
    public static string SampleAssembly(string project) => Find(project, project + ".dll", "samples");

    private static string Find(string project, string file, string folderOfProjects = "src")
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = here.Name;
        var configuration = here.Parent?.Name ?? string.Empty;
        for (var folder = here; folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, folderOfProjects, project, "bin", configuration, framework, file);
            if (File.Exists(candidate))
                return candidate;
        }
        throw new FileNotFoundException(
            $"{file} ({configuration}/{framework}) was not found in {folderOfProjects}/{project}/bin above {here.FullName}; build the solution (Handoff.Testing references {project} for build order)");
    }
}
