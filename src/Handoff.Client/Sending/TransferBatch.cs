using Handoff.Protos.V1;

namespace Handoff.Client;

/// <summary>
/// Instances that arrive over time for one transfer (one patient's, from a gateway route or DICOMweb STOW requests):
/// each arrival's studies are declared, the first one creates the transfer and later ones join it, and their bytes go
/// over the upload's parallel streams at once (cut-through: the destination can download while more arrive). The
/// transfer's request id derives from <see cref="WorkKey"/>, so a caller that journals the key resumes the same
/// transfer after a crash. Not thread-safe: one caller adds at a time.
/// </summary>
public sealed class TransferBatch
{
    private readonly HashSet<string> _studies = new(StringComparer.Ordinal);
    private readonly SendOptions _options;

    /// <param name="upload">The upload the instances go through (its chunk size hashes them).</param>
    /// <param name="workKey">What this batch is, stable across reruns (see <see cref="IncrementalUpload.CreateTransferAsync"/>).</param>
    /// <param name="options">Destination, priority, reason and expected arrival of the transfer.</param>
    public TransferBatch(IncrementalUpload upload, string workKey, SendOptions options)
    {
        Upload = upload ?? throw new ArgumentNullException(nameof(upload));
        ArgumentException.ThrowIfNullOrEmpty(workKey);
        WorkKey = workKey;
        _options = options ?? throw new ArgumentNullException(nameof(options));
    }

    /// <summary>The upload the instances go through.</summary>
    public IncrementalUpload Upload { get; }

    /// <summary>What this batch is, stable across reruns: the transfer's request id derives from it.</summary>
    public string WorkKey { get; }

    /// <summary>The transfer's id once the first arrival created it; empty before.</summary>
    public string TransferId { get; private set; } = "";

    /// <summary>The studies the transfer carries so far.</summary>
    public IReadOnlyCollection<string> Studies => _studies;

    /// <summary>When instances last arrived (or <see cref="Postpone"/> was called): what a quiet window is measured from.</summary>
    public DateTimeOffset LastArrival { get; private set; } = DateTimeOffset.UtcNow;

    /// <summary>
    /// Declares the instances (one request per study), puts each new study in the transfer (created with the first),
    /// and sends them over the upload's parallel streams; returns once the server holds their bytes.
    /// </summary>
    /// <exception cref="HandoffException">The server refused an instance or the transfer, or could not be reached.</exception>
    public async Task AddAsync(IReadOnlyList<SourceInstance> arrivals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arrivals);
        using var span = ClientTracing.Start("handoff.batch", _options.DestinationFacilityId);
        var byStudy = arrivals.GroupBy(a => a.StudyInstanceUid, StringComparer.Ordinal).ToList();
        foreach (var study in byStudy)
        {
            await Upload.DeclareAsync(study.Key, [.. study], cancellationToken).ConfigureAwait(false);
            if (!_studies.Contains(study.Key))
            {
                // Joined only once the server answered: a failed attempt is made again with the next try.
                TransferId = (await Upload.CreateTransferAsync(WorkKey, [.. _studies, study.Key], _options, cancellationToken).ConfigureAwait(false)).Id;
                _studies.Add(study.Key);
            }
        }
        // A send cut short by an outage is not sent again here: completing the study sends what the server lacks.
        foreach (var study in byStudy)
            await Upload.SendAsync(study.Key, study.Select(a => a.SopInstanceUid), cancellationToken).ConfigureAwait(false);
        LastArrival = DateTimeOffset.UtcNow;
    }

    /// <summary>Waits another quiet window before completing (the server could not be reached).</summary>
    public void Postpone() => LastArrival = DateTimeOffset.UtcNow;

    /// <summary>Completes every study: the server checks each has every instance declared.</summary>
    public Task CompleteAsync(CancellationToken cancellationToken) => CompleteStudiesAsync(cancellationToken);

    /// <summary>Completes every study and returns each one's status (with the instances the server refused while verifying them).</summary>
    public async Task<IReadOnlyList<StudyStatus>> CompleteStudiesAsync(CancellationToken cancellationToken)
    {
        var statuses = new List<StudyStatus>(_studies.Count);
        foreach (var study in _studies)
            statuses.Add(await Upload.CompleteAsync(study, cancellationToken).ConfigureAwait(false));
        return statuses;
    }
}
