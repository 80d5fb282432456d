using System.ComponentModel.DataAnnotations;

namespace Handoff.Storage.Azure;

/// <summary>
/// The Azure profile's storage account: chunks as block blobs in <see cref="ChunkContainer"/>, Orleans membership and
/// reminders in tables named after <see cref="TablePrefix"/>, grain state in the blob container
/// <c>&lt;prefix&gt;-grainstate</c>. Bound from <c>Handoff:Azure</c> and validated on start.
/// </summary>
public sealed class AzureStorageOptions
{
    public const string Section = "Handoff:Azure";

    /// <summary>A storage connection string (for Azurite: <c>UseDevelopmentStorage=true</c> or the devstoreaccount1 string).</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Handoff:Azure:ConnectionString is required when Handoff:Storage is Azure")]
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Blob container naming rules: 3–63 lowercase letters, digits and single hyphens.</summary>
    [Required(AllowEmptyStrings = false)]
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", ErrorMessage = "Handoff:Azure:ChunkContainer must be a blob container name (3-63 lowercase letters, digits, hyphens)")]
    public string ChunkContainer { get; set; } = "chunks";

    /// <summary>Lowercase letters and digits, starting with a letter, so it is valid in table and container names.</summary>
    [Required(AllowEmptyStrings = false)]
    [RegularExpression("^[a-z][a-z0-9]{0,39}$", ErrorMessage = "Handoff:Azure:TablePrefix must be 1-40 lowercase letters or digits, starting with a letter")]
    public string TablePrefix { get; set; } = "handoff";

    /// <summary>How long start-up waits for the storage account before giving up with an error.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "Handoff:Azure:StartupTimeout must be between 1 second and 10 minutes")]
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public string MembershipTable => TablePrefix + "membership";

    public string RemindersTable => TablePrefix + "reminders";

    public string GrainStateContainer => TablePrefix + "-grainstate";
}
