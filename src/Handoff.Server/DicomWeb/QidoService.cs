using Handoff.Server.Security;
using Handoff.Dicom;

namespace Handoff.Server.DicomWeb;

/// <summary>
/// QIDO-RS (PS3.18 10.6): search for studies, series and instances (and the flat forms) among what the caller may
/// see (<see cref="VisibleStudies"/>), with attribute matching (<see cref="QidoMatcher"/>), limit and offset, as a
/// DICOM JSON array. Every search is audited, naming the facilities whose studies it returned.
/// </summary>
public sealed class QidoService
{
    public enum Level
    {
        Study,
        Series,
        Instance,
    }

    private readonly VisibleStudies _studies;
    private readonly DicomWebAudit _audit;

    public QidoService(VisibleStudies studies, DicomWebAudit audit)
    {
        _studies = studies;
        _audit = audit;
    }

    /// <summary>Answers a search at <paramref name="level"/>, within one study or series when the path names them.</summary>
    public async Task SearchAsync(HttpContext http, Caller caller, Level level, string? studyUid, string? seriesUid, string retrieveBase)
    {
        ArgumentNullException.ThrowIfNull(http);
        var query = QidoQuery.Parse(http.Request.Query);
        var studyFilter = studyUid ?? query.Matches.Where(m => m.Tag == DicomTag.StudyInstanceUID && m.Value is { Length: > 0 } and not "*").Select(m => m.Value).FirstOrDefault();
        var wanted = studyFilter is null ? null : new HashSet<string>(studyFilter.Split(',', '\\').Select(u => u.Trim()), StringComparer.Ordinal);
        var (studies, truncated) = await _studies.ListAsync(caller.RequireFacility(), wanted).ConfigureAwait(false);

        var results = new List<DicomDataset>();
        var owners = new HashSet<string>(StringComparer.Ordinal);
        var skipped = 0;
        foreach (var study in studies)
        {
            foreach (var row in await RowsAsync(study, level, seriesUid, retrieveBase).ConfigureAwait(false))
            {
                if (!QidoMatcher.Matches(row, query.Matches))
                    continue;
                if (skipped++ < query.Offset)
                    continue;
                results.Add(row);
                owners.Add(study.SourceFacilityId);
                if (results.Count == query.Limit)
                    break;
            }
            if (results.Count == query.Limit)
                break;
        }
        var objectId = studyUid is null ? level.ToString().ToLowerInvariant() : seriesUid is null ? studyUid : $"{studyUid}/{seriesUid}";
        await _audit.SucceededAsync(caller, DicomWebAudit.Search, "study", objectId, owners, $"{results.Count} {level.ToString().ToLowerInvariant()} results").ConfigureAwait(false);
        if (truncated)
            http.Response.Headers.Append("Warning", "299 handoff \"only the newest transfers were searched; narrow the search\"");
        if (query.LimitCapped)
            http.Response.Headers.Append("Warning", $"299 handoff \"the limit was capped at {QidoQuery.MaxLimit}; page with offset\"");
        await DicomJsonArray.WriteAsync(http.Response, results, http.RequestAborted).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<DicomDataset>> RowsAsync(VisibleStudy study, Level level, string? seriesUid, string retrieveBase)
    {
        if (level == Level.Study)
            return [QidoResults.Study(study, retrieveBase)];
        var manifest = await _studies.ManifestAsync(study).ConfigureAwait(false);
        var instances = manifest.Instances.Where(i => seriesUid is null || i.SeriesInstanceUid == seriesUid).ToList();
        if (level == Level.Series)
        {
            var counts = instances.GroupBy(i => i.SeriesInstanceUid, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            return [.. manifest.Series.Where(s => counts.ContainsKey(s.SeriesInstanceUid)).Select(s => QidoResults.Series(study, s, counts[s.SeriesInstanceUid], retrieveBase))];
        }
        return [.. instances.OrderBy(i => i.SeriesInstanceUid, StringComparer.Ordinal).ThenBy(i => i.InstanceNumber).Select(i => QidoResults.Instance(study, i, retrieveBase))];
    }
}
