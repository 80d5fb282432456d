using System.Globalization;
using Handoff.Dicom;
using Handoff.Dimse.Association;
using Handoff.Dimse.Query;
using Microsoft.Extensions.Logging;

namespace Handoff.Gateway.Pull;

/// <summary>
/// The instance counts a PACS reports in C-FIND responses (Number of Study/Series Related Instances), which the pull
/// passes to the destination as what to expect. A count that is absent, not a number, or beyond what a study can hold
/// is "not said", never a reason to fail the pull.
/// </summary>
internal static partial class PacsCounts
{
    /// <summary>A study has at most this many series worth asking about; more matches are left out.</summary>
    public const int MaxSeries = 1000;

    /// <summary>
    /// The server's limit of instances in a study (Handoff:Upload:MaxInstancesPerStudy, by default): it refuses a
    /// declaration expecting more, which would fail the pull. A PACS answering more is not believed (a warning says so).
    /// </summary>
    public const int MaxCount = 50_000;

    private static readonly DicomTag NumberOfSeriesRelatedInstances = new(0x0020, 0x1209);

    public static int? Read(DicomDataset match, DicomTag tag, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(match);
        ArgumentNullException.ThrowIfNull(logger);
        if (!int.TryParse(match.GetString(tag)?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) || count <= 0)
            return null;
        if (count <= MaxCount)
            return count;
        LogCountTooLarge(logger, count, tag.ToString(), MaxCount);
        return null;
    }

    /// <summary>A SERIES-level C-FIND of <paramref name="study"/>: each series' count, where the PACS gave one.</summary>
    public static async Task<Dictionary<string, int>> SeriesAsync(DicomAssociation association, string study, ILogger logger, CancellationToken cancellationToken)
    {
        var query = new DicomDataset()
            .Set(DicomTag.QueryRetrieveLevel, DicomVR.CS, "SERIES")
            .Set(DicomTag.StudyInstanceUID, DicomVR.UI, study)
            .Set(DicomTag.SeriesInstanceUID, DicomVR.UI, "")
            .Set(NumberOfSeriesRelatedInstances, DicomVR.IS, "");
        var found = await FindScu.FindAsync(association, QueryRetrieveSopClasses.StudyRootFind, query, MaxSeries, cancellationToken).ConfigureAwait(false);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var match in found.Matches)
        {
            if (match.GetString(DicomTag.SeriesInstanceUID) is { Length: > 0 } series && DicomUids.IsValid(series) && Read(match, NumberOfSeriesRelatedInstances, logger) is { } count)
                counts.TryAdd(series, count);
        }

        // The server also refuses series counts adding up to more than a study can hold.
        var total = counts.Values.Sum(c => (long)c);
        if (total <= MaxCount)
            return counts;
        LogSeriesTotalTooLarge(logger, total, MaxCount);
        return [];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The PACS reported {Count} instances in {Tag}, more than the server accepts in a study ({Max}); the count is left out")]
    private static partial void LogCountTooLarge(ILogger logger, int count, string tag, int max);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The PACS reported {Total} instances over the series of a study, more than the server accepts ({Max}); the series counts are left out")]
    private static partial void LogSeriesTotalTooLarge(ILogger logger, long total, int max);
}
