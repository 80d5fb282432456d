using System.Collections.Concurrent;
using System.Threading.Channels;
using Handoff.Cli.Progress;
using Handoff.Client;

namespace Handoff.Cli.Transfers;

/// <summary>
/// Finds the DICOM instances among the listed inputs: parses each header (and no further), hashes each instance's
/// chunks, and hands every instance on as soon as it is ready so declaring and uploading start while the rest is
/// still being hashed. Inputs are inspected in parallel, one pooled chunk buffer per worker.
/// </summary>
internal static class StudyScanner
{
    public static async Task ScanAsync(
        SourceListing listing,
        int chunkSize,
        ChannelWriter<InspectedInstance> found,
        Action<SkippedInstance> skipped,
        ProgressCounters? counters,
        CancellationToken cancellationToken)
    {
        var contexts = new ConcurrentBag<SourceContext>();
        try
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(listing.Sources, options, async (source, token) =>
            {
                var context = contexts.TryTake(out var free) ? free : listing.CreateContext();
                try
                {
                    var instance = Inspect(source, chunkSize, context, out var reason);
                    if (instance is null)
                        skipped(new SkippedInstance(source.Name, reason));
                    else
                        await found.WriteAsync(instance, token).ConfigureAwait(false);
                    counters?.AddScanned();
                }
                finally
                {
                    contexts.Add(context);
                }
            }).ConfigureAwait(false);
            found.TryComplete();
        }
        catch (Exception e)
        {
            found.TryComplete(e);
            throw;
        }
        finally
        {
            foreach (var context in contexts)
                context.Dispose();
        }
    }

    /// <summary>
    /// Scans everything and groups it by study: the whole answer at once, for callers that need no pipeline. Every
    /// instance found is listed, copies included (a send leaves copies out; see Handoff.Client).
    /// </summary>
    public static async Task<ScanResult> ScanAsync(SourceListing listing, int chunkSize, CancellationToken cancellationToken = default)
    {
        var found = Channel.CreateUnbounded<InspectedInstance>();
        var skipped = new ConcurrentBag<SkippedInstance>();
        var scan = ScanAsync(listing, chunkSize, found.Writer, skipped.Add, null, cancellationToken);
        var studies = new Dictionary<string, List<InspectedInstance>>(StringComparer.Ordinal);
        await foreach (var instance in found.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!studies.TryGetValue(instance.StudyInstanceUid, out var list))
                studies[instance.StudyInstanceUid] = list = [];
            list.Add(instance);
        }
        await scan.ConfigureAwait(false);
        var grouped = new List<ScannedStudy>(studies.Count);
        foreach (var (uid, instances) in studies)
        {
            instances.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
            grouped.Add(new ScannedStudy(uid, instances));
        }
        grouped.Sort(static (a, b) => string.CompareOrdinal(a.StudyInstanceUid, b.StudyInstanceUid));
        var skippedList = new List<SkippedInstance>(skipped);
        skippedList.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return new ScanResult(grouped, skippedList);
    }

    private static InspectedInstance? Inspect(InstanceSource source, int chunkSize, SourceContext context, out string reason)
    {
        try
        {
            return source.Inspect(chunkSize, context, out reason);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            // An unreadable file among thousands is reported and skipped, as a PACS export with one bad file
            // should still send the rest; the server's completeness check catches anything that mattered.
            reason = e.Message;
            return null;
        }
    }
}
