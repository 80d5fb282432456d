using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace Handoff.Storage.Grains;

/// <summary>Settings of one file-backed grain storage provider (see <see cref="FileGrainStorage"/>).</summary>
public sealed class FileGrainStorageOptions
{
    /// <summary>The data folder; state files go to its <c>grains</c> subfolder. Relative paths resolve against the working directory.</summary>
    public string RootDirectory { get; set; } = "";

    /// <summary>
    /// fsync each state file before it replaces the old one. Off by default: a SIGKILL cannot lose a completed write
    /// (it is in the page cache); only power loss or a kernel crash can, and then the previous state is what survives.
    /// </summary>
    public bool FlushToDisk { get; set; }

    /// <summary>
    /// How states become bytes. Null means Orleans' own binary serializer, which is version tolerant for
    /// <c>[GenerateSerializer]</c> types with stable <c>[Id]</c>s; the silo-wide default (Newtonsoft JSON) is not used.
    /// </summary>
    public IGrainStorageSerializer? GrainStorageSerializer { get; set; }
}

/// <summary>Rejects a provider without a usable folder at silo start rather than at the first grain write.</summary>
internal sealed class FileGrainStorageOptionsValidator : IValidateOptions<FileGrainStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, FileGrainStorageOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.RootDirectory))
        {
            return ValidateOptionsResult.Fail($"grain storage '{name}': {nameof(FileGrainStorageOptions.RootDirectory)} is required");
        }

        if (options.RootDirectory.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            return ValidateOptionsResult.Fail($"grain storage '{name}': {nameof(FileGrainStorageOptions.RootDirectory)} '{options.RootDirectory}' is not a valid path");
        }

        return ValidateOptionsResult.Success;
    }
}
