using System.CommandLine;
using System.Globalization;
using Handoff.Cli.Output;
using Handoff.Cli.Progress;
using Handoff.Cli.Transfers;
using Handoff.Client;

namespace Handoff.Cli.Commands.Transfers;

/// <summary>
/// `handoff send PATH --to FACILITY`: sends every DICOM instance under a folder or in a zip, grouped into studies,
/// as one transfer. The last line of stdout is the transfer id (with --json, one JSON object); running the same
/// command again after an interruption resumes that transfer and sends only what the server still lacks.
/// </summary>
internal static class SendCommand
{
    public static Command Create(ServerOptions server)
    {
        var path = new Argument<string>("PATH") { Description = "A folder (searched recursively), a .zip, or one DICOM file." };
        var to = new Option<string>("--to") { Description = "The destination facility id.", Required = true, HelpName = "FACILITY" };
        var priority = new Option<string>("--priority") { Description = "How urgent: stat (trauma, stroke), urgent or routine.", DefaultValueFactory = _ => "routine" };
        priority.AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, TransferStateNames.PriorityChoices);
        var reason = new Option<string?>("--reason") { Description = "Why the studies are sent, for the receiving team (no patient identifiers)." };
        var parallel = new Option<int>("--parallel") { Description = "Concurrent upload streams.", DefaultValueFactory = _ => 4, HelpName = "N" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the transfer id and counts instead of text." };
        var eta = new Option<string?>("--eta") { Description = "When the patient is expected at the destination: a time from now (45m, 2h) or an ISO 8601 time with its offset.", HelpName = "WHEN" };
        var command = new Command("send", "Send the DICOM studies under a folder or in a zip to another facility.") { path, to, priority, reason, eta, parallel, json };
        command.SetAction((parseResult, cancellationToken) => server.RunAsync(parseResult, cancellationToken, async (connection, token) =>
        {
            var request = new SendRequest(
                parseResult.GetRequiredValue(path),
                parseResult.GetRequiredValue(to),
                TransferStateNames.ParsePriority(parseResult.GetRequiredValue(priority)),
                parseResult.GetValue(reason) ?? string.Empty,
                ServerOptions.CheckParallel(parseResult.GetValue(parallel)))
            {
                ExpectedArrival = ParseEta(parseResult.GetValue(eta)),
            };
            CpuPriority.Apply(request.Priority);
            var asJson = parseResult.GetValue(json);
            var counters = new ProgressCounters();
            var mode = ProgressReporter.ChooseMode(asJson);
            var progress = new ProgressReporter(mode, counters, "sent", showHashing: true);
            var result = await progress.RunAsync(() => SendAsync(connection, request, counters, progress, token)).ConfigureAwait(false);
            Report(result, asJson, mode);
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Scans the path and hands its instances to the library; the skipped count is both sides' (not DICOM, copies).</summary>
    private static async Task<SendResult> SendAsync(HandoffClient client, SendRequest request, ProgressCounters counters, ProgressReporter progress, CancellationToken cancellationToken)
    {
        using var listing = SourceListing.Open(request.Path);
        counters.SetInputsTotal(listing.Sources.Count);
        var notScanned = 0;
        var source = new ScannedSource(listing, counters, skipped =>
        {
            Interlocked.Increment(ref notScanned);
            progress.Note(skipped.ToString());
        });
        var options = new SendOptions
        {
            DestinationFacilityId = request.DestinationFacilityId,
            Priority = request.Priority,
            Reason = request.Reason,
            ExpectedArrival = request.ExpectedArrival,
            Parallel = request.Parallel,
            Progress = counters,
            InstanceSkipped = skipped => progress.Note(skipped.ToString()),
        };
        try
        {
            var result = await client.SendAsync(source, options, cancellationToken).ConfigureAwait(false);
            return result with { InstancesSkipped = result.InstancesSkipped + Volatile.Read(ref notScanned) };
        }
        catch (NothingToSendException)
        {
            throw new CliFailure($"{request.Path}: no DICOM instances to send");
        }
    }

    private static DateTimeOffset? ParseEta(string? eta)
    {
        if (eta is null)
            return null;
        try
        {
            return ArrivalTime.Parse(eta, DateTimeOffset.UtcNow);
        }
        catch (FormatException e)
        {
            throw CliFailure.Usage($"--eta: {e.Message}");
        }
    }

    private static void Report(SendResult result, bool json, ProgressMode mode)
    {
        if (json)
        {
            JsonOutput.Write(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("transferId", result.TransferId);
                writer.WriteString("state", TransferStateNames.Of(result.State));
                writer.WriteNumber("studies", result.Studies);
                writer.WriteNumber("instances", result.Instances);
                writer.WriteNumber("bytes", result.Bytes);
                writer.WriteNumber("instancesAlreadyStored", result.InstancesAlreadyStored);
                writer.WriteNumber("chunksSent", result.ChunksSent);
                writer.WriteNumber("bytesSent", result.BytesSent);
                writer.WriteNumber("skipped", result.InstancesSkipped);
                writer.WriteNumber("seconds", Math.Round(result.Elapsed.TotalSeconds, 3));
                writer.WriteEndObject();
            }, indented: false);
            return;
        }
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"sent {result.Instances} instances of {result.Studies} {(result.Studies == 1 ? "study" : "studies")} ({ByteSize.Format(result.Bytes)}): {ByteSize.Format(result.BytesSent)} uploaded in {ProgressText.Duration(result.Elapsed)} ({ProgressText.Rate(result.BytesSent, result.Elapsed)}), {result.InstancesAlreadyStored} already on the server, {result.InstancesSkipped} skipped; transfer is {TransferStateNames.Of(result.State)}");
        // At a terminal the summary is for the person (stderr) and stdout holds just the id, so
        // `id=$(handoff send ...)` works; in a log both go to stdout with the id last.
        if (mode == ProgressMode.Live)
            Console.Error.WriteLine(summary);
        else
            Console.Out.WriteLine(summary);
        Console.Out.WriteLine(result.TransferId);
    }
}
