namespace Handoff.Azure.Tests.Infrastructure;

/// <summary>A fresh folder under the system temp directory, unique per use so tests run in parallel; deleted on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder(string purpose = "data")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"handoff-azure-tests-{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

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
