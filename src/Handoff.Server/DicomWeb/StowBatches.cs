using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Handoff.Server.Options;
using Microsoft.Extensions.Options;

namespace Handoff.Server.DicomWeb;

/// <summary>
/// Which transfer a STOW-RS request's instances join. Instances one facility stores for one patient, destination and
/// priority join one transfer while requests follow each other within <see cref="DicomWebOptions.QuietWindow"/> (a
/// gateway route groups C-STOREs the same way); past it, the next request starts a new transfer. What is remembered
/// is the transfer's work key (<see cref="Client.TransferBatch.WorkKey"/>): each request sends with its own upload,
/// and the server finds the transfer again by the key and adds the request's studies to it. Kept in memory: after a
/// restart the next request starts a new transfer, and what was stored before stays where it went.
/// </summary>
public sealed class StowBatches : IDisposable
{
    /// <summary>How long a send id's replacement transfer is remembered after its last request.</summary>
    private static readonly TimeSpan SendReplacementKept = TimeSpan.FromHours(24);

    private readonly ConcurrentDictionary<string, Entry> _open = new(StringComparer.Ordinal);
    private readonly TimeSpan _quietWindow;
    private readonly TimeProvider _time;
    private readonly ITimer _sweep;

    public StowBatches(IOptions<DicomWebOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _quietWindow = options.Value.QuietWindow;
        _time = time;
        var every = TimeSpan.FromTicks(Math.Max(_quietWindow.Ticks, TimeSpan.FromSeconds(1).Ticks));
        _sweep = time.CreateTimer(_ => Sweep(), null, every, every);
    }

    /// <summary>
    /// The work key of the open transfer of a patient's instances from this facility to this destination at this
    /// priority, or a new one when there is none or the last request was longer ago than the quiet window. Calling it
    /// counts as activity: the window starts again.
    /// </summary>
    public string WorkKeyFor(string facilityId, StowTarget target, string patientId)
    {
        ArgumentNullException.ThrowIfNull(target);
        var now = _time.GetUtcNow();
        if (target.SendId is not null)
        {
            // The same transfer however long apart the requests come; a replacement once it ended (StartAgain).
            var key = KeyOf(facilityId, target, patientId);
            return _open.TryGetValue(key, out var replaced) ? (_open[key] = replaced with { LastUsed = now }).WorkKey : $"dicomweb/{facilityId}/send/{key}";
        }
        var entry = _open.AddOrUpdate(KeyOf(facilityId, target, patientId),
            _ => new Entry(NewWorkKey(facilityId), now),
            (_, open) => now - open.LastUsed > _quietWindow ? new Entry(NewWorkKey(facilityId), now) : open with { LastUsed = now });
        return entry.WorkKey;
    }

    /// <summary>A new transfer for the group (the open one ended: acknowledged or cancelled before this request joined it).</summary>
    public string StartAgain(string facilityId, StowTarget target, string patientId)
    {
        ArgumentNullException.ThrowIfNull(target);
        var entry = target.SendId is null
            ? new Entry(NewWorkKey(facilityId), _time.GetUtcNow())
            : new Entry($"dicomweb/{facilityId}/send/{KeyOf(facilityId, target, patientId)}/{Guid.NewGuid():N}", _time.GetUtcNow(), ForSend: true);
        _open[KeyOf(facilityId, target, patientId)] = entry;
        return entry.WorkKey;
    }

    public void Dispose() => _sweep.Dispose();

    private void Sweep()
    {
        var now = _time.GetUtcNow();
        foreach (var (key, entry) in _open)
        {
            if (now - entry.LastUsed > (entry.ForSend ? SendReplacementKept : _quietWindow))
                _open.TryRemove(new KeyValuePair<string, Entry>(key, entry));
        }
    }

    private static string NewWorkKey(string facilityId) => $"dicomweb/{facilityId}/{Guid.NewGuid():N}";

    /// <summary>The facility, destination, priority, send id and patient, hashed: neither the map nor a work key holds a patient ID.</summary>
    private static string KeyOf(string facilityId, StowTarget target, string patientId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', facilityId, target.DestinationFacilityId, target.Priority, target.SendId ?? "", patientId))));

    /// <param name="ForSend">A send id's replacement transfer: kept as long as a sender may come back to resume.</param>
    private sealed record Entry(string WorkKey, DateTimeOffset LastUsed, bool ForSend = false);
}
