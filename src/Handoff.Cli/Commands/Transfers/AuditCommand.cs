using System.CommandLine;
using Google.Protobuf.WellKnownTypes;
using Handoff.Cli.Output;
using Handoff.Client;
using Handoff.Cli.Transfers;
using Handoff.Protos.V1;

namespace Handoff.Cli.Commands.Transfers;

/// <summary>
/// `handoff audit [--json | --fhir] [--checkpoints] [--facility ID] [--limit N] [--since TIME] [--until TIME]`: who touched which patient
/// data, when, and with what outcome, newest first. A facility sees the events that concern it; the operator sees
/// all, or one facility's with --facility. --limit fetches as many pages as it takes.
/// </summary>
internal static class AuditCommand
{
    private const int ServerMaxPage = 10_000;

    public static Command Create(ServerOptions server)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var fhir = new Option<bool>("--fhir") { Description = "Print FHIR R4 AuditEvent resources (IHE BALP), one JSON object per line (NDJSON)." };
        var checkpoints = new Option<bool>("--checkpoints") { Description = "Also the cluster's signed checkpoint events of the log's hash chain." };
        var facility = new Option<string?>("--facility") { Description = "Operator only: one facility's events.", HelpName = "ID" };
        var limit = new Option<int>("--limit") { Description = "At most this many events, fetched page by page (0: one page of the server's default, 100).", HelpName = "N" };
        var since = TimeOption("--since", "Only events at or after this time: " + AuditTime.Examples + ".");
        var until = TimeOption("--until", "Only events before this time: " + AuditTime.Examples + ".");
        var command = new Command("audit", "List audit events: access to patient data and its outcome.") { json, fhir, checkpoints, facility, limit, since, until };
        command.Subcommands.Add(AuditVerifyCommand.Create(server));
        command.Subcommands.Add(AuditKeysCommand.Create(server));
        command.Validators.Add(result =>
        {
            if (result.GetValue(json) && result.GetValue(fhir))
                result.AddError("--json and --fhir exclude each other: choose one output");
        });
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0)
                result.AddError("--limit must be 0 or more");
        });
        command.SetAction((parseResult, cancellationToken) => server.RunAsync(parseResult, cancellationToken, async (connection, token) =>
        {
            var now = DateTimeOffset.UtcNow;
            var request = new ListAuditEventsRequest
            {
                FacilityId = parseResult.GetValue(facility) ?? string.Empty,
                Since = Time(parseResult.GetValue(since), now),
                Until = Time(parseResult.GetValue(until), now),
                IncludeCheckpoints = parseResult.GetValue(checkpoints),
            };
            var (logId, events, more) = await FetchAsync(connection, request, parseResult.GetValue(limit), token).ConfigureAwait(false);
            if (parseResult.GetValue(fhir))
            {
                AuditFhir.WriteNdjson(Console.Out, logId, events);
                if (more)
                    Console.Error.WriteLine("more events are older: raise --limit, or choose a time range with --since/--until");
            }
            else if (parseResult.GetValue(json))
            {
                JsonOutput.Write(writer => WriteJson(writer, events));
            }
            else
            {
                WriteTable(events);
                if (more)
                    Console.Error.WriteLine("more events are older: raise --limit, or choose a time range with --since/--until");
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Up to <paramref name="limit"/> events across pages (one page of the server's default for 0), and whether more are older.</summary>
    private static async Task<(string LogId, List<AuditEvent> Events, bool More)> FetchAsync(HandoffClient connection, ListAuditEventsRequest request, int limit, CancellationToken token)
    {
        var events = new List<AuditEvent>();
        var logId = string.Empty;
        while (true)
        {
            request.PageSize = limit == 0 ? 0 : Math.Min(limit - events.Count, ServerMaxPage);
            var page = await connection.Audit.ListAuditEventsAsync(request, cancellationToken: token).ConfigureAwait(false);
            events.AddRange(page.Events);
            logId = logId.Length == 0 ? page.LogId : logId;
            var more = page.NextPageToken.Length > 0;
            if (!more || limit == 0 || events.Count >= limit)
                return (logId, events, more);
            request.PageToken = page.NextPageToken;
        }
    }

    private static Option<string?> TimeOption(string name, string description)
    {
        var option = new Option<string?>(name) { Description = description, HelpName = "TIME" };
        option.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string?>();
            if (text is not null && !AuditTime.TryParse(text, DateTimeOffset.UtcNow, out _))
                result.AddError($"{name}: '{text}' is not a time ({AuditTime.Examples})");
        });
        return option;
    }

    private static Timestamp? Time(string? text, DateTimeOffset now) =>
        text is not null && AuditTime.TryParse(text, now, out var value) ? Timestamp.FromDateTimeOffset(value) : null;

    private static void WriteJson(System.Text.Json.Utf8JsonWriter writer, IEnumerable<AuditEvent> events)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("events");
        foreach (var e in events)
        {
            writer.WriteStartObject();
            JsonOutput.WriteTime(writer, "at", e.At);
            writer.WriteString("actor", e.Actor);
            writer.WriteString("facilityId", e.FacilityId);
            writer.WriteString("action", e.Action);
            writer.WriteString("objectType", e.ObjectType);
            writer.WriteString("objectId", e.ObjectId);
            writer.WriteString("outcome", e.Outcome);
            writer.WriteString("detail", e.Detail);
            writer.WriteNumber("sequence", e.Sequence);
            writer.WriteString("hash", e.Hash);
            writer.WriteString("previousHash", e.PreviousHash);
            writer.WriteString("networkAddress", e.NetworkAddress);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteTable(IEnumerable<AuditEvent> events)
    {
        var table = new TextTable("SEQ", "AT", "ACTOR", "FACILITY", "ACTION", "OBJECT", "OUTCOME", "DETAIL");
        foreach (var e in events)
        {
            table.Add(e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), JsonOutput.Time(e.At), e.Actor, e.FacilityId,
                e.Action, $"{e.ObjectType} {e.ObjectId}".Trim(), e.Outcome, e.Detail.ReplaceLineEndings(" "));
        }
        table.Write(Console.Out);
    }
}
