using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Handoff.Cli.Progress;
using Handoff.Client;

namespace Handoff.Cli.Transfers;

/// <summary>
/// What `handoff send` hands the library: the DICOM instances under a folder or in a zip, scanned (header and chunk
/// hashes) in parallel as the library asks for them, with files that are not instances reported and left out. The
/// fingerprints (name, size, modification time or CRC of every input) come from the listing, before any byte is read.
/// </summary>
internal sealed class ScannedSource : IInstanceSource
{
    private readonly SourceListing _listing;
    private readonly ProgressCounters _counters;
    private readonly Action<SkippedInstance> _skipped;

    public ScannedSource(SourceListing listing, ProgressCounters counters, Action<SkippedInstance> skipped)
    {
        _listing = listing;
        _counters = counters;
        _skipped = skipped;
        var fingerprints = new List<string>(listing.Sources.Count);
        foreach (var source in listing.Sources)
            fingerprints.Add(source.Fingerprint);
        Fingerprints = fingerprints;
    }

    public IReadOnlyCollection<string> Fingerprints { get; }

    public async IAsyncEnumerable<SourceInstance> ReadInstancesAsync(int chunkSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var found = Channel.CreateBounded<InspectedInstance>(new BoundedChannelOptions(64) { SingleReader = true });
        var scan = StudyScanner.ScanAsync(_listing, chunkSize, found.Writer, _skipped, _counters, cancellationToken);
        await foreach (var instance in found.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            yield return instance;
        await scan.ConfigureAwait(false);
    }

    public IChunkReader OpenChunkReader() => new Reader(_listing.CreateContext());

    /// <summary>
    /// Reads chunks for one upload stream with its own zip archive. The current instance's bytes stay open while its
    /// chunks are read in ascending order, and are opened again when an instance is started over after a dropped stream.
    /// </summary>
    private sealed class Reader(SourceContext context) : IChunkReader
    {
        private InspectedInstance? _instance;
        private SequentialChunkReader? _reader;
        private int _lastIndex = -1;

        public ValueTask ReadChunkAsync(SourceInstance instance, int index, Memory<byte> destination, CancellationToken cancellationToken)
        {
            var inspected = (InspectedInstance)instance;
            if (!ReferenceEquals(inspected, _instance) || index <= _lastIndex || _reader is null)
            {
                _reader?.Dispose();
                _reader = inspected.Source.OpenChunks(context);
                _instance = inspected;
            }
            _lastIndex = index;
            _reader.Read(inspected.Hashes.Offset(index), destination.Span);
            return ValueTask.CompletedTask;
        }

        public void Dispose()
        {
            _reader?.Dispose();
            context.Dispose();
        }
    }
}
