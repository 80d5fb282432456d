using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Server.Tests.Infrastructure;

/// <summary>Reads an audit log through ListAuditEvents the way a client pages: next_page_token until it is empty.</summary>
public static class AuditPages
{
    /// <summary>Every event the request selects, newest first, and how many pages that took.</summary>
    public static async Task<(List<AuditEvent> Events, int Pages)> ReadAllAsync(HandoffApi api, ListAuditEventsRequest request)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(request);
        var page = request.Clone();
        var events = new List<AuditEvent>();
        var pages = 0;
        do
        {
            var response = await api.Audit.ListAuditEventsAsync(page);
            pages++;
            events.AddRange(response.Events);
            page.PageToken = response.NextPageToken;
        }
        while (page.PageToken.Length > 0);
        return (events, pages);
    }

    /// <summary>Runs <paramref name="count"/> calls, at most <paramref name="parallel"/> at a time.</summary>
    public static Task RunAsync(int count, int parallel, Func<int, Task> call) =>
        Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, _) => await call(i));
}
