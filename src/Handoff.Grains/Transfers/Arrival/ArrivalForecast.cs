using System.Globalization;

namespace Handoff.Grains.Transfers;

/// <summary>
/// When the destination will have every image, from the rates measured so far (never a constant). The stages run as a
/// pipeline (the relay and the destination take instances while the source still uploads), so each stage ends at the
/// later of the stage before it and its own remaining bytes over its own rate:
/// <code>
/// upload ready = now + (bytes declared − bytes stored here) / upload rate
/// relay ready  = max(upload ready, now + (bytes the peer lacks − bytes relayed) / relay rate)   (federated only)
/// predicted    = relay ready for a destination in a peer network, upload ready otherwise
/// </code>
/// A stage with nothing left ends now. A stage with bytes left and nothing moved since its first report is stalled
/// once a whole rate window passed (no prediction, and at risk); before that the upload has no prediction yet and the
/// relay is assumed to keep pace with the upload. Rates are <see cref="MeasuredRate.Effective"/>: a silent stage slows down in the prediction.
/// </summary>
internal static class ArrivalForecast
{
    /// <summary>
    /// The prediction for a transfer's studies. A complete study counts as fully stored even before it reports progress:
    /// a transfer (or AddStudies) carrying a study already stored here gets no progress report for it, and must not
    /// count its whole size as still to upload.
    /// </summary>
    public static Prediction Predict(ArrivalState state, IReadOnlyList<Contracts.Transfers.TransferStudyRecord> studies, bool remote,
        DateTimeOffset createdAt, DateTimeOffset now, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(studies);
        long declared = 0, stored = 0;
        foreach (var study in studies)
        {
            declared += study.BytesDeclared;
            var reported = state.StoredByStudy.GetValueOrDefault(study.StudyInstanceUid);
            stored += Math.Max(reported, study.Complete ? study.BytesDeclared : 0);
        }
        return Predict(state, declared, stored, remote, createdAt, now, window);
    }

    /// <summary>The prediction at <paramref name="now"/> from the bytes each study reported stored.</summary>
    public static Prediction Predict(ArrivalState state, long bytesDeclared, bool remote, DateTimeOffset createdAt, DateTimeOffset now, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(state);
        return Predict(state, bytesDeclared, state.Stored(), remote, createdAt, now, window);
    }

    /// <summary>The prediction at <paramref name="now"/>; <paramref name="remote"/> for a destination in a peer network.</summary>
    private static Prediction Predict(ArrivalState state, long bytesDeclared, long bytesStored, bool remote, DateTimeOffset createdAt, DateTimeOffset now, TimeSpan window)
    {
        var uploadLeft = Math.Max(0, bytesDeclared - bytesStored);
        var uploadRate = state.Upload.Effective(now, window);
        DateTimeOffset? ready;
        string basis;
        if (uploadLeft == 0)
        {
            (ready, basis) = (now, "every byte is here");
        }
        else if (uploadRate is > 0 and var rate)
        {
            (ready, basis) = (now + Seconds(uploadLeft / rate), $"{Bytes(uploadLeft)} to upload at {Bytes(rate)}/s");
        }
        else if (now - createdAt >= window && (state.Upload.At is not { } since || now - since >= window))
        {
            return new Prediction(null, Stalled: true, $"{Bytes(uploadLeft)} to upload and no upload progress for {Text(window)}");
        }
        else
        {
            return new Prediction(null, Stalled: false, $"{Bytes(uploadLeft)} to upload; measuring the upload rate");
        }

        if (!remote)
            return new Prediction(ready, Stalled: false, basis);
        if (state.RelayToSend < 0)
            return new Prediction(ready, Stalled: false, basis + "; relay assumed to keep pace (not started yet)");
        var relayLeft = Math.Max(0, state.RelayToSend - state.RelaySent);
        if (relayLeft == 0)
            return new Prediction(ready, Stalled: false, basis + "; relay sent everything");
        if (state.Relay.Effective(now, window) is not (> 0 and var relayRate))
        {
            return state.Relay.At is { } since && now - since >= window
                ? new Prediction(null, Stalled: true, basis + $"; {Bytes(relayLeft)} to relay and no relay progress for {Text(window)}")
                : new Prediction(ready, Stalled: false, basis + "; relay assumed to keep pace (measuring its rate)");
        }
        var relayReady = now + Seconds(relayLeft / relayRate);
        return new Prediction(relayReady > ready ? relayReady : ready, Stalled: false, basis + $"; {Bytes(relayLeft)} to relay at {Bytes(relayRate)}/s");
    }

    private static TimeSpan Seconds(double seconds) => TimeSpan.FromSeconds(Math.Min(seconds, TimeSpan.FromDays(365).TotalSeconds));

    /// <summary>A byte count or rate as people read it (kB, MB: powers of 1000).</summary>
    internal static string Bytes(double bytes) => bytes switch
    {
        >= 1e9 => (bytes / 1e9).ToString("0.0", CultureInfo.InvariantCulture) + " GB",
        >= 1e6 => (bytes / 1e6).ToString("0.0", CultureInfo.InvariantCulture) + " MB",
        >= 1e3 => (bytes / 1e3).ToString("0.0", CultureInfo.InvariantCulture) + " kB",
        _ => bytes.ToString("0", CultureInfo.InvariantCulture) + " B",
    };

    internal static string Text(TimeSpan span) => span.TotalSeconds < 120
        ? span.TotalSeconds.ToString("0", CultureInfo.InvariantCulture) + "s"
        : span.TotalMinutes.ToString("0", CultureInfo.InvariantCulture) + "m";

    /// <summary>
    /// How far <paramref name="arrival"/> is from <paramref name="now"/> in words, with its sign: "in 5m" ahead of it,
    /// "5m ago" once it passed (a duration without sign would make a late transfer read as early).
    /// </summary>
    internal static string Until(DateTimeOffset arrival, DateTimeOffset now) => arrival >= now
        ? "in " + Text(arrival - now)
        : Text(now - arrival) + " ago";

    /// <summary>A predicted ready time (null when unknown or stalled), whether the link is stalled, and the numbers in words.</summary>
    internal readonly record struct Prediction(DateTimeOffset? ReadyAt, bool Stalled, string Basis);
}
