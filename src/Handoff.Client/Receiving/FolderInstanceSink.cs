namespace Handoff.Client;

/// <summary>
/// Receives into a folder as DIR/&lt;StudyInstanceUID&gt;/&lt;SeriesInstanceUID&gt;/&lt;SOPInstanceUID&gt;.dcm (see
/// <see cref="ReceiveLayout"/>), byte-identical to what was sent. A file appears under its final name only once every
/// chunk has verified; until then it is assembled in a .part file beside it, whose verified chunks a rerun keeps.
/// </summary>
public sealed class FolderInstanceSink : IInstanceSink
{
    /// <summary>Creates the sink, and the folder if it does not exist.</summary>
    /// <param name="directory">The folder to receive into.</param>
    public FolderInstanceSink(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        // Absolute once, so thousands of file operations do not each resolve the working directory.
        Directory = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(Directory);
    }

    /// <summary>The folder, as an absolute path.</summary>
    public string Directory { get; }

    /// <inheritdoc />
    public IInstanceWriter Open(ReceivedInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return new FolderInstanceWriter(ReceiveLayout.InstancePath(Directory, instance.StudyInstanceUid, instance.SeriesInstanceUid, instance.SopInstanceUid), instance.Hashes);
    }
}
