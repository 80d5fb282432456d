using Microsoft.Extensions.Options;

namespace Handoff.Storage.Reminders;

/// <summary>Settings of <see cref="FileReminderTable"/>.</summary>
public sealed class FileReminderTableOptions
{
    /// <summary>The data folder; the table is the file <c>reminders.dat</c> in it. Relative paths resolve against the working directory.</summary>
    public string RootDirectory { get; set; } = "";

    /// <summary>
    /// fsync the table before it replaces the old one. Off by default: a SIGKILL cannot lose a completed update (it is
    /// in the page cache); only power loss or a kernel crash can, and then the previous table is what survives.
    /// </summary>
    public bool FlushToDisk { get; set; }
}

/// <summary>Rejects a reminder table without a usable folder at silo start rather than at the first registration.</summary>
internal sealed class FileReminderTableOptionsValidator : IValidateOptions<FileReminderTableOptions>
{
    public ValidateOptionsResult Validate(string? name, FileReminderTableOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.RootDirectory))
        {
            return ValidateOptionsResult.Fail($"reminder table: {nameof(FileReminderTableOptions.RootDirectory)} is required");
        }

        if (options.RootDirectory.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            return ValidateOptionsResult.Fail($"reminder table: {nameof(FileReminderTableOptions.RootDirectory)} '{options.RootDirectory}' is not a valid path");
        }

        return ValidateOptionsResult.Success;
    }
}
