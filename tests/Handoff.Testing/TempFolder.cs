namespace Handoff.Testing;

/// <summary>
/// A fresh folder under the system temp directory, unique per use so tests run in parallel; deleted on dispose.
/// One type for every test project, so a leftover folder always reads handoff-tests-&lt;purpose&gt;-….
/// </summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder(string purpose = "data")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"handoff-tests-{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Every file below the folder, in ordinal path order.</summary>
    public IReadOnlyList<string> Files()
    {
        var files = Directory.GetFiles(Path, "*", SearchOption.AllDirectories);
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone: nothing to clean.
        }
    }
}
