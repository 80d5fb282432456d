using System.Runtime.CompilerServices;
using Microsoft.Win32.SafeHandles;

namespace Handoff.Client;

/// <summary>
/// Sends DICOM files whose identifiers the caller knows: given as <see cref="InstanceFile"/>s, or read from the
/// layout <see cref="FolderInstanceSink"/> writes (DIR/study/series/instance.dcm), which is how a received transfer
/// is forwarded. Files are hashed one after the other as the send asks for them and read back with positioned reads,
/// only for the chunks the server lacks. A file changed after it was hashed is refused by the server, naming it.
/// </summary>
public sealed class FolderInstanceSource : IInstanceSource
{
    private readonly IReadOnlyList<InstanceFile> _files;

    /// <summary>Creates the source.</summary>
    /// <param name="files">The files and their identifiers.</param>
    /// <param name="root">The folder names are given relative to (in messages and the fingerprints); null for full paths.</param>
    public FolderInstanceSource(IEnumerable<InstanceFile> files, string? root = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        var list = new List<InstanceFile>(files);
        list.Sort(static (a, b) => string.CompareOrdinal(a.Path, b.Path));
        _files = list;
        Root = root is null ? null : System.IO.Path.GetFullPath(root);
        var fingerprints = new List<string>(list.Count);
        foreach (var file in list)
        {
            var info = new FileInfo(file.Path);
            fingerprints.Add(InstanceFingerprint.Of(NameOf(file), info.Length, info.LastWriteTimeUtc));
        }
        Fingerprints = fingerprints;
    }

    /// <summary>The folder file names are relative to, or null.</summary>
    public string? Root { get; }

    /// <summary>The files, in path order.</summary>
    public IReadOnlyList<InstanceFile> Files => _files;

    /// <inheritdoc />
    public IReadOnlyCollection<string> Fingerprints { get; }

    /// <summary>
    /// The files of a folder laid out as <see cref="FolderInstanceSink"/> writes it: DIR/&lt;study&gt;/&lt;series&gt;/&lt;sop&gt;.dcm.
    /// Folder and file names are taken as the UIDs, so a UID the sink had to replace by a hash (not a safe file name)
    /// does not come back; other files are ignored.
    /// </summary>
    /// <param name="directory">The folder.</param>
    /// <returns>The source.</returns>
    public static FolderInstanceSource FromReceivedLayout(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var files = new List<InstanceFile>();
        foreach (var study in Directory.EnumerateDirectories(directory))
        {
            foreach (var series in Directory.EnumerateDirectories(study))
            {
                foreach (var path in Directory.EnumerateFiles(series, "*" + ReceiveLayout.InstanceExtension))
                    files.Add(new InstanceFile(path, System.IO.Path.GetFileName(study), System.IO.Path.GetFileName(series), System.IO.Path.GetFileNameWithoutExtension(path)));
            }
        }
        return new FolderInstanceSource(files, directory);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<SourceInstance> ReadInstancesAsync(int chunkSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var file in _files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var hashes = await Task.Run(() => InstanceHasher.HashFile(file.Path, chunkSize), cancellationToken).ConfigureAwait(false);
            yield return new FileInstance(file, hashes, NameOf(file));
        }
    }

    /// <inheritdoc />
    public IChunkReader OpenChunkReader() => OpenFileReader();

    /// <summary>
    /// An instance for one file, for a caller that sends files as they arrive with <see cref="IncrementalUpload"/>
    /// (a gateway's spool) rather than listing a folder.
    /// </summary>
    /// <param name="file">The file and its identifiers.</param>
    /// <param name="hashes">Its chunk hashes (<see cref="InstanceHasher.HashFile"/>).</param>
    /// <param name="name">How messages name it.</param>
    /// <returns>The instance, readable by <see cref="OpenFileReader"/>.</returns>
    public static SourceInstance ForFile(InstanceFile file, InstanceHashes hashes, string name)
    {
        ArgumentNullException.ThrowIfNull(file);
        return new FileInstance(file, hashes, name);
    }

    /// <summary>A chunk reader for instances of files: those a <see cref="FolderInstanceSource"/> lists and those <see cref="ForFile"/> makes.</summary>
    /// <returns>The reader; one per upload stream.</returns>
    public static IChunkReader OpenFileReader() => new Reader();

    private string NameOf(InstanceFile file) => Root is null ? file.Path : System.IO.Path.GetRelativePath(Root, file.Path);

    private sealed class FileInstance(InstanceFile file, InstanceHashes hashes, string name)
        : SourceInstance(file.StudyInstanceUid, file.SeriesInstanceUid, file.SopInstanceUid, hashes, name)
    {
        public string Path => file.Path;
    }

    /// <summary>Keeps the current file open while its chunks are read.</summary>
    private sealed class Reader : IChunkReader
    {
        private FileInstance? _instance;
        private SafeFileHandle? _handle;

        public ValueTask ReadChunkAsync(SourceInstance instance, int index, Memory<byte> destination, CancellationToken cancellationToken)
        {
            var file = (FileInstance)instance;
            if (!ReferenceEquals(file, _instance) || _handle is null)
            {
                _handle?.Dispose();
                _handle = File.OpenHandle(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read);
                _instance = file;
            }
            if (InstanceHasher.ReadFully(_handle, destination.Span, file.Hashes.Offset(index)) != destination.Length)
                throw new IOException($"{file.Name}: changed while it was being sent (it is shorter than when it was hashed)");
            return ValueTask.CompletedTask;
        }

        public void Dispose() => _handle?.Dispose();
    }
}
