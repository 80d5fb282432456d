using System.Globalization;
using Handoff.Protos.V1;
using Handoff.Server.Mapping;

namespace Handoff.Server.WebApp.Pages;

/// <summary>
/// The facility's audit trail, newest first, filtered by user, by time and by patient (name or ID: the transfers of
/// that patient and their studies), a page at a time. Reading it goes through the audit API as the user, so only
/// coordinators and admins may; filters are posted, so no patient name lands in a URL, a history or a log.
/// </summary>
public sealed class AuditModel : HandoffPageModel
{
    public const int PageSize = 100;

    /// <summary>How many of the facility's newest transfers a patient filter looks through.</summary>
    public const int TransfersSearched = 1000;

    public IReadOnlyList<AuditEvent> Events { get; private set; } = [];

    public string NextPageToken { get; private set; } = "";

    public string? UserFilter { get; private set; }

    public string? Patient { get; private set; }

    public string? From { get; private set; }

    public string? To { get; private set; }

    public string? Message { get; private set; }

    public Task OnGetAsync() => SearchAsync(null, null, null, null, null);

    /// <summary>Filtering posts the form (with its antiforgery token): a patient's name never goes into a URL.</summary>
    public Task OnPostAsync(string? user, string? patient, string? from, string? to, string? after) => SearchAsync(user, patient, from, to, after);

    private async Task SearchAsync(string? user, string? patient, string? from, string? to, string? after)
    {
        (UserFilter, Patient, From, To) = (user?.Trim(), patient?.Trim(), from, to);
        var request = new ListAuditEventsRequest { PageSize = PageSize, PageToken = after ?? "" };
        if (UserFilter is { Length: > 0 })
            request.Actor = UserFilter.Contains('/', StringComparison.Ordinal) ? UserFilter : $"{Session.FacilityId}/{UserFilter.ToLowerInvariant()}";
        if (ParseTime(from) is { } since)
            request.Since = ProtoTime.From(since);
        if (ParseTime(to) is { } until)
            request.Until = ProtoTime.From(until);
        if (Patient is { Length: > 0 })
        {
            var objects = await PatientObjectsAsync(Patient);
            if (objects.Count == 0)
            {
                Message = "No transfer of this facility names that patient.";
                return;
            }
            request.ObjectIds.AddRange(objects);
        }
        var response = await Client.CallAsync(token => Client.Audit.ListAuditEventsAsync(request, cancellationToken: token).ResponseAsync, HttpContext.RequestAborted);
        Events = response.Events;
        NextPageToken = response.NextPageToken;
    }

    /// <summary>The transfers (and their studies) whose patient's name or ID contains the text.</summary>
    private async Task<List<string>> PatientObjectsAsync(string patient)
    {
        var objects = new List<string>();
        foreach (var mailbox in new[] { Mailbox.Inbox, Mailbox.Outbox })
        {
            var token = "";
            var seen = 0;
            do
            {
                var page = await Client.ListTransfersAsync(new ListTransfersRequest { Mailbox = mailbox, Limit = 500, PageToken = token }, HttpContext.RequestAborted);
                foreach (var transfer in page.Transfers)
                {
                    if (transfer.Studies.Any(s => s.Summary is { } summary && Names(summary, patient)))
                    {
                        objects.Add(transfer.Id);
                        objects.AddRange(transfer.Studies.Select(s => s.StudyInstanceUid));
                    }
                }
                seen += page.Transfers.Count;
                token = page.NextPageToken;
            }
            while (token.Length > 0 && seen < TransfersSearched && objects.Count < 900);
        }
        return [.. objects.Distinct(StringComparer.Ordinal).Take(1000)];
    }

    private static bool Names(StudySummary summary, string patient) =>
        summary.PatientId.Equals(patient, StringComparison.OrdinalIgnoreCase)
        || summary.PatientName.Replace('^', ' ').Contains(patient, StringComparison.OrdinalIgnoreCase);

    private static DateTimeOffset? ParseTime(string? text) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? new DateTimeOffset(time, TimeSpan.Zero) : null;
}
