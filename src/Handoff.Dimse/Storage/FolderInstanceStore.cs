using Handoff.Dicom;
using Handoff.Dicom.IO;
using Handoff.Dimse.Messages;

namespace Handoff.Dimse.Storage;

/// <summary>
/// Stores each instance a C-STORE SCP receives as a Part 10 file, DIR/&lt;SOP Instance UID&gt;.dcm: a file meta
/// group from the request, then the data set exactly as received. The file is written under a temporary name,
/// checked (a DICOM data set whose SOP Instance UID is the request's), flushed (fsync unless
/// <see cref="FlushToDisk"/> is off) and only then renamed into place, so "success" means it survives a crash.
/// The same instance sent again with the same bytes succeeds and keeps one file; with other bytes it is refused.
/// </summary>
public sealed class FolderInstanceStore : IInstanceStore
{
    private readonly Func<IncomingInstance, string> _directoryFor;

    /// <param name="directoryFor">The folder an instance goes in (a gateway's spool: by route, by study).</param>
    public FolderInstanceStore(Func<IncomingInstance, string> directoryFor)
    {
        _directoryFor = directoryFor ?? throw new ArgumentNullException(nameof(directoryFor));
    }

    /// <summary>fsync each file before answering success: survives a power loss, not only a process crash.</summary>
    public bool FlushToDisk { get; init; } = true;

    /// <summary>Called with each stored file's path after it is in place (and the instance), e.g. to send it on.</summary>
    public Func<string, IncomingInstance, CancellationToken, Task>? Stored { get; init; }

    /// <summary>Called before anything is written; a non-null outcome refuses the instance (a calling AE with no route).</summary>
    public Func<IncomingInstance, StoreOutcome?>? Screen { get; init; }

    /// <summary>The path an instance is kept at.</summary>
    public string PathOf(IncomingInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return Path.Combine(_directoryFor(instance), instance.SopInstanceUid + ".dcm");
    }

    public ValueTask<(IInstanceWriter? Writer, StoreOutcome? Refusal)> BeginAsync(IncomingInstance instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (Screen?.Invoke(instance) is { } refusal)
            return ValueTask.FromResult<(IInstanceWriter?, StoreOutcome?)>((null, refusal));
        var final = PathOf(instance);
        Directory.CreateDirectory(Path.GetDirectoryName(final)!);
        var temp = $"{final}.{Guid.NewGuid():N}.part";
        var file = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
        DicomFile.WritePart10Header(file, instance.SopClassUid, instance.SopInstanceUid, instance.TransferSyntaxUid, instance.CallingAeTitle);
        return ValueTask.FromResult<(IInstanceWriter?, StoreOutcome?)>((new Writer(this, instance, file, temp, final), null));
    }

    private sealed class Writer(FolderInstanceStore store, IncomingInstance instance, FileStream file, string temp, string final) : IInstanceWriter
    {
        private bool _done;

        public ValueTask WriteAsync(ReadOnlyMemory<byte> fragment, CancellationToken cancellationToken) => file.WriteAsync(fragment, cancellationToken);

        public async Task<StoreOutcome> CompleteAsync(CancellationToken cancellationToken)
        {
            await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (store.FlushToDisk)
                file.Flush(flushToDisk: true);
            await file.DisposeAsync().ConfigureAwait(false);
            var (problem, offset) = Check(temp, instance);
            if (problem is not null)
                return problem;
            if (File.Exists(final))
            {
                // Sent before: the same data set is a harmless repeat (a PACS retrying, maybe from another AE title,
                // which only changes the file meta group); other bytes are not this instance.
                var same = await SameDataSetAsync(temp, offset, final, cancellationToken).ConfigureAwait(false);
                return same ? StoreOutcome.Stored : new StoreOutcome(DimseStatus.DuplicateSopInstance, "SOP Instance UID already stored with other content");
            }
            File.Move(temp, final);
            _done = true;
            if (store.Stored is { } stored)
                await stored(final, instance, cancellationToken).ConfigureAwait(false);
            return StoreOutcome.Stored;
        }

        public async ValueTask DisposeAsync()
        {
            await file.DisposeAsync().ConfigureAwait(false);
            if (!_done)
                File.Delete(temp); // an aborted or refused instance leaves nothing behind
        }

        /// <summary>
        /// No problem when the file is a DICOM data set of the announced instance (and where its data set begins);
        /// else the status to answer.
        /// </summary>
        private static (StoreOutcome? Problem, long DatasetOffset) Check(string path, IncomingInstance instance)
        {
            DicomFile parsed;
            try
            {
                parsed = DicomFile.Open(path, new DicomReadOptions { StopBeforePixelData = true });
            }
            catch (DicomFormatException)
            {
                return (new StoreOutcome(DimseStatus.CannotUnderstand, "the data set is not DICOM"), 0);
            }
            var sopInstance = parsed.Dataset.GetString(DicomTag.SOPInstanceUID);
            if (sopInstance != instance.SopInstanceUid)
                return (new StoreOutcome(DimseStatus.DataSetDoesNotMatchSopClass, "SOP Instance UID differs from the request's"), 0);
            var sopClass = parsed.Dataset.GetString(DicomTag.SOPClassUID);
            return sopClass is not null && sopClass != instance.SopClassUid
                ? (new StoreOutcome(DimseStatus.DataSetDoesNotMatchSopClass, "SOP Class UID differs from the request's"), 0)
                : (null, parsed.DatasetOffset);
        }

        private static async Task<bool> SameDataSetAsync(string received, long receivedOffset, string kept, CancellationToken cancellationToken)
        {
            var keptOffset = DicomFile.Open(kept, new DicomReadOptions { StopBeforePixelData = true }).DatasetOffset;
            if (new FileInfo(received).Length - receivedOffset != new FileInfo(kept).Length - keptOffset)
                return false;
            using var first = File.OpenRead(received);
            using var second = File.OpenRead(kept);
            first.Position = receivedOffset;
            second.Position = keptOffset;
            var x = new byte[64 * 1024];
            var y = new byte[64 * 1024];
            while (true)
            {
                var n = await first.ReadAtLeastAsync(x, x.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                var m = await second.ReadAtLeastAsync(y, y.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                if (n != m || !x.AsSpan(0, n).SequenceEqual(y.AsSpan(0, m)))
                    return false;
                if (n == 0)
                    return true;
            }
        }
    }
}
