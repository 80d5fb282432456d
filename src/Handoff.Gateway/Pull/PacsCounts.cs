using System.Globalization;
using Handoff.Dicom;
using Handoff.Dimse.Association;
using Handoff.Dimse.Query;

namespace Handoff.Gateway.Pull;

/// <summary>
/// The instance counts a PACS reports in C-FIND responses (Number of Study/Series Related Instances), which the pull
/// passes to the destination as what to expect. A count that is absent, not a number, or beyond what a study can hold
/// is "not said", never a reason to fail the pull.
/// </summary>
internal static class PacsCounts
{
    /// <summary>A study has at most this many series worth asking about; more matches are left out.</summary>
    public const int MaxSeries = 1000;

    /// <summary>No study holds more (the server's own limit is lower); a PACS answering more is not believed.</summary>
    public const int MaxCount = 1_000_000;

    private static readonly DicomTag NumberOfSeriesRelatedInstances = new(0x0020, 0x1209);

    public static int? Read(DicomDataset match, DicomTag tag)
    {
        ArgumentNullException.ThrowIfNull(match);
        return int.TryParse(match.GetString(tag)?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) && count is > 0 and <= MaxCount
            ? count
            : null;
    }

    /// <summary>A SERIES-level C-FIND of <paramref name="study"/>: each series' count, where the PACS gave one.</summary>
    public static async Task<Dictionary<string, int>> SeriesAsync(DicomAssociation association, string study, CancellationToken cancellationToken)
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
            if (match.GetString(DicomTag.SeriesInstanceUID) is { Length: > 0 } series && DicomUids.IsValid(series) && Read(match, NumberOfSeriesRelatedInstances) is { } count)
                counts.TryAdd(series, count);
        }

        return counts;
    }
}
