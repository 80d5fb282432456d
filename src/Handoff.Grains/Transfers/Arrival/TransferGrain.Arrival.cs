using Handoff.Contracts.Errors;
using Handoff.Contracts.Transfers;
using Handoff.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Handoff.Grains.Transfers;

/// <summary>
/// The transfer against the patient's expected arrival: measures the upload (bytes its studies report stored) and the
/// relay (bytes the relay reports sent), predicts when the destination has every image (<see cref="ArrivalForecast"/>)
/// and puts AtRisk, OnTrack and Late on the timeline (<see cref="ArrivalWatch"/>). A grain timer looks again every
/// Handoff:Arrival:CheckInterval while the outcome is open (a stalled link reports nothing), and a reminder at the
/// arrival time makes Late happen even if the silo restarted in between.
/// </summary>
public sealed partial class TransferGrain
{
    internal const string ArrivalReminder = "arrival";

    private static readonly TimeSpan ArrivalRetryPeriod = TimeSpan.FromMinutes(5);

    private ArrivalOptions? _arrivalOptions;
    private IGrainTimer? _arrivalTimer;
    private bool _boostAnnounced;
    private DateTimeOffset _boostSentAt;
    private bool _arrivalTimerKeepsAlive;

    private ArrivalOptions ArrivalSettings => _arrivalOptions ??=
        ServiceProvider.GetService<IOptions<ArrivalOptions>>()?.Value ?? new ArrivalOptions();

    private ArrivalState Arrival => State.Arrival ??= new ArrivalState();

    public async Task RecordRelayProgress(long bytesToSend, long bytesSent)
    {
        RequireCreated();
        if (bytesToSend < 0 || bytesSent < 0)
            throw DomainException.Invalid($"relay progress of transfer {TransferId} cannot be negative ({bytesSent} of {bytesToSend})");
        if (!TransferEnds.IsRemote(State.DestinationFacilityId))
            throw DomainException.WrongState($"transfer {TransferId} goes to a local facility; it is not relayed");
        if (_status.IsFinal)
            return;
        var now = DateTimeOffset.UtcNow;
        Arrival.RelayToSend = Math.Max(bytesToSend, bytesSent);
        Arrival.RelaySent = bytesSent;
        Arrival.Relay.Observe(bytesSent, now, ArrivalSettings.RateWindow);
        if (JudgeArrival(now))
            await CommitAsync();
    }

    /// <summary>Takes a study's stored bytes as an upload sample.</summary>
    private void ObserveArrival(StudyProgress progress)
    {
        if (State.ExpectedArrival is null)
            return;
        Arrival.StoredByStudy[progress.StudyInstanceUid] = Math.Max(0, progress.BytesStored);
        Arrival.Upload.Observe(Arrival.Stored(), DateTimeOffset.UtcNow, ArrivalSettings.RateWindow);
    }

    /// <summary>Moves the verdict when the prediction says so, with its timeline event; true when an event was appended.</summary>
    private bool JudgeArrival(DateTimeOffset now)
    {
        if (State.ExpectedArrival is not { } arrival || !State.Created || _status.IsFinal)
            return false;
        var prediction = Predict(now);
        var next = ArrivalWatch.Next(Arrival.Verdict, Arrival.VerdictAt, arrival, prediction, IsReadyAtDestination(), now, ArrivalSettings);
        if (next is not { } verdict)
            return false;
        var previous = Arrival.Verdict;
        (Arrival.Verdict, Arrival.VerdictAt) = (verdict, now);
        var until = ArrivalForecast.Until(arrival, now);
        switch (verdict)
        {
            case ArrivalVerdict.AtRisk:
                Append(TransferEventKind.AtRisk, SystemActor, detail: $"{PredictionText(prediction)}; the patient is expected {until} ({arrival:O}), margin {ArrivalForecast.Text(ArrivalSettings.Margin)}");
                ArrivalMetrics.AtRisk(State.Priority);
                return true;
            case ArrivalVerdict.OnTrack:
                Append(TransferEventKind.OnTrack, SystemActor, detail: $"{PredictionText(prediction)}; the patient is expected {until}");
                ArrivalMetrics.OnTrack(State.Priority);
                return true;
            case ArrivalVerdict.Ready when previous == ArrivalVerdict.AtRisk:
                Append(TransferEventKind.OnTrack, SystemActor, detail: $"the destination has every image; the patient is expected {until}");
                ArrivalMetrics.OnTrack(State.Priority);
                return true;
            case ArrivalVerdict.Late:
                Append(TransferEventKind.Late, SystemActor, detail: $"the patient's expected arrival ({arrival:O}) passed before the destination had every image: {prediction.Basis}");
                ArrivalMetrics.Late(State.Priority);
                return true;
            default:
                return false; // ready in time, or back to open after studies were added: the state is written with the next change
        }
    }

    private ArrivalForecast.Prediction Predict(DateTimeOffset now) =>
        ArrivalForecast.Predict(Arrival, State.Studies, TransferEnds.IsRemote(State.DestinationFacilityId), State.CreatedAt, now, ArrivalSettings.RateWindow);

    private static string PredictionText(ArrivalForecast.Prediction prediction) => prediction.ReadyAt is { } at
        ? $"predicted ready {at:O} ({prediction.Basis})"
        : $"no prediction ({prediction.Basis})";

    /// <summary>
    /// Whether the destination can open every image: Available here for a local destination (it downloads or views
    /// from this cluster), the peer's Available (RemoteAvailable, after any study added since) for one in a peer network.
    /// </summary>
    private bool IsReadyAtDestination()
    {
        if (_status.Status is TransferStatus.Delivered or TransferStatus.Acknowledged)
            return true;
        if (!TransferEnds.IsRemote(State.DestinationFacilityId))
            return _status.Status == TransferStatus.Available;
        return _timeline.RemoteAvailableSinceStudyAdded && _status.Status == TransferStatus.Available;
    }

    /// <summary>The forecast as records show it; null without an expected arrival.</summary>
    private ArrivalForecastRecord? ArrivalRecord()
    {
        if (State.ExpectedArrival is null || !State.Created)
            return null;
        var verdict = Arrival.Verdict;
        if (verdict == ArrivalVerdict.Ready || IsReadyAtDestination())
        {
            var readyAt = ReadyEventTime() ?? Arrival.VerdictAt;
            return new ArrivalForecastRecord(readyAt, false, verdict == ArrivalVerdict.Late, "the destination has every image");
        }
        if (_status.IsFinal)
            return new ArrivalForecastRecord(null, false, verdict == ArrivalVerdict.Late, $"transfer {_status.Status.ToString().ToLowerInvariant()}");
        var prediction = Predict(DateTimeOffset.UtcNow);
        return new ArrivalForecastRecord(prediction.ReadyAt, verdict == ArrivalVerdict.AtRisk, verdict == ArrivalVerdict.Late, prediction.Basis);
    }

    private DateTimeOffset? ReadyEventTime()
    {
        var kind = TransferEnds.IsRemote(State.DestinationFacilityId) ? TransferEventKind.RemoteAvailable : TransferEventKind.Available;
        return State.Timeline.FindLast(e => e.Kind == kind)?.At;
    }

    /// <summary>Whether the outcome is still open: an arrival given, the transfer open, neither late nor ready.</summary>
    private bool ArrivalOpen() =>
        State.Created && State.ExpectedArrival is not null && !_status.IsFinal && Arrival.Verdict is not (ArrivalVerdict.Late or ArrivalVerdict.Ready);

    /// <summary>
    /// Runs the look-again timer while the outcome is open or the transfer is behind (its boost must be renewed), and
    /// stops it after. The timer keeps the grain alive only within <see cref="ArrivalWatch.KeepAliveHorizon"/> of the
    /// arrival: an abandoned send far from it may be deactivated (its reminder wakes it near the arrival, and at it).
    /// </summary>
    private void KeepArrivalWatched()
    {
        var behind = IsBehindArrival();
        AnnounceArrivalBoost(behind);
        if ((ArrivalOpen() || behind) && State.ExpectedArrival is { } arrival)
        {
            var keepAlive = ArrivalWatch.KeepsAlive(arrival, DateTimeOffset.UtcNow, ArrivalSettings);
            if (_arrivalTimer is not null && _arrivalTimerKeepsAlive == keepAlive)
                return;
            _arrivalTimer?.Dispose();
            var every = ArrivalSettings.CheckInterval;
            _arrivalTimer = this.RegisterGrainTimer(static async (grain, _) => await grain.OnArrivalTickAsync(), this,
                new GrainTimerCreationOptions(every, every) { KeepAlive = keepAlive });
            _arrivalTimerKeepsAlive = keepAlive;
        }
        else
        {
            _arrivalTimer?.Dispose();
            _arrivalTimer = null;
        }
    }

    /// <summary>At risk, or late and not yet at the destination: its studies' chunks are stored one priority class up.</summary>
    private bool IsBehindArrival() =>
        State.Created && !_status.IsFinal && State.Arrival is { Verdict: ArrivalVerdict.AtRisk or ArrivalVerdict.Late } && !IsReadyAtDestination();

    /// <summary>
    /// Tells each study when the boost starts and stops, and renews it at every look while behind: a study drops a boost
    /// not renewed within two checks, so a lost message neither loses the boost for good nor makes it stick.
    /// </summary>
    private void AnnounceArrivalBoost(bool behind)
    {
        var now = DateTimeOffset.UtcNow;
        var renewDue = behind && now - _boostSentAt >= ArrivalSettings.CheckInterval / 2;
        if (behind == _boostAnnounced && !renewDue)
            return;
        (_boostAnnounced, _boostSentAt) = (behind, now);
        foreach (var uid in _studies.Uids())
            GrainFactory.GetGrain<Contracts.Studies.IStudyGrain>(Contracts.Studies.StudyKey.Of(State.SourceFacilityId, uid)).SetArrivalBoost(TransferId, behind).Ignore();
    }

    private async Task OnArrivalTickAsync()
    {
        if (JudgeArrival(DateTimeOffset.UtcNow))
            await CommitAsync();
        KeepArrivalWatched();
    }

    /// <summary>
    /// A reminder when the keep-alive horizon begins (it wakes a deactivated transfer to watch closely) and at the
    /// arrival time: Late is due then whatever else happens (or does not).
    /// </summary>
    private async Task ScheduleArrivalAsync()
    {
        if (State.ExpectedArrival is { } arrival)
        {
            var now = DateTimeOffset.UtcNow;
            await this.RegisterOrUpdateReminder(ArrivalReminder, ReminderDue.Until(ArrivalWatch.WakeAt(arrival, now, ArrivalSettings), now), ArrivalRetryPeriod);
        }
        KeepArrivalWatched();
    }

    private async Task OnArrivalReminderAsync()
    {
        if (ArrivalOpen() && State.ExpectedArrival is { } arrival && DateTimeOffset.UtcNow < arrival - TimeSpan.FromSeconds(1))
        {
            await ScheduleArrivalAsync(); // the horizon began, or fired early (capped due time): register again for the arrival
            return;
        }
        if (JudgeArrival(DateTimeOffset.UtcNow))
            await CommitAsync();
        KeepArrivalWatched();
        if (ArrivalOpen())
            return; // not judged (yet): the reminder fires again after its period
        var reminder = await this.GetReminder(ArrivalReminder);
        if (reminder is not null)
            await this.UnregisterReminder(reminder);
    }
}
