using System.Collections.Concurrent;
using System.Threading.Channels;

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
        Action<SkippedInput> skipped,
        TransferCounters? counters,
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
                        skipped(new SkippedInput(source.Name, reason));
                    else
                        await found.WriteAsync(instance, token).ConfigureAwait(false);
                    counters?.AddScanned(instance);
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

    /// <summary>Scans everything and groups it by study: the whole answer at once, for callers that need no pipeline.</summary>
    public static async Task<ScanResult> ScanAsync(SourceListing listing, int chunkSize, CancellationToken cancellationToken = default)
    {
        var found = Channel.CreateUnbounded<InspectedInstance>();
        var skipped = new ConcurrentBag<SkippedInput>();
        var scan = ScanAsync(listing, chunkSize, found.Writer, skipped.Add, null, cancellationToken);
        var groups = new StudyGroups();
        await foreach (var instance in found.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (groups.Add(instance, out var problem) != StudyGroups.Outcome.Added)
                skipped.Add(problem!);
        }
        await scan.ConfigureAwait(false);
        var skippedList = new List<SkippedInput>(skipped);
        skippedList.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return new ScanResult(groups.ToStudies(), skippedList);
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
