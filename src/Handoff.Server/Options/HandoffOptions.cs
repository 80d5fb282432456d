using System.ComponentModel.DataAnnotations;

namespace Handoff.Server.Options;

/// <summary>Where this node keeps everything it owns: grain state, reminders, chunks and the operator key.</summary>
public sealed class HandoffOptions
{
    public const string Section = "Handoff";

    /// <summary>Relative paths are resolved against the working directory; the folder is created on start.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DataPath { get; set; } = "./data";

    /// <summary>
    /// Local (default): everything under <see cref="DataPath"/>. Azure: membership, grain state, reminders and chunks
    /// in the account of <c>Handoff:Azure</c>; the data folder then holds only the operator key.
    /// </summary>
    public StorageProfile Storage { get; set; } = StorageProfile.Local;

    /// <summary>
    /// The operator key, when the deployment supplies one (in Kubernetes, from a Secret). Unset: the Local profile
    /// keeps its own in the data folder and the Azure profile shares one through the storage account.
    /// </summary>
    [MinLength(Security.OperatorKey.MinimumLength, ErrorMessage = "Handoff:OperatorKey must be at least 32 characters")]
    public string? OperatorKey { get; set; }

    public string FullDataPath => Path.GetFullPath(DataPath);

    public string OperatorKeyPath => Path.Combine(FullDataPath, "operator.key");

    public string ChunksPath => Path.Combine(FullDataPath, "chunks");

    public string GrainStatePath => Path.Combine(FullDataPath, "grains");

    public string RemindersPath => Path.Combine(FullDataPath, "reminders");
}
