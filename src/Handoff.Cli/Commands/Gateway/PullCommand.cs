using System.CommandLine;
using System.Globalization;
using System.Net;
using Handoff.Cli.Output;
using Handoff.Dicom;
using Handoff.Gateway;
using Handoff.Gateway.Pull;
using Microsoft.Extensions.Logging;

namespace Handoff.Cli.Commands.Gateway;

/// <summary>
/// `handoff pull`: "send the priors too". Finds the patient's studies in a PACS (or the ones named), has the PACS
/// send them to this command while it runs (C-MOVE to --ae at --listen, which the PACS must know), and sends them
/// to the destination, into the patient's transfer already on its way there when there is one.
/// </summary>
internal static class PullCommand
{
    public static Command Create(ServerOptions server)
    {
        var from = new Option<string>("--from") { Description = "The PACS to query and retrieve from.", Required = true, HelpName = "AE@HOST:PORT" };
        var patient = new Option<string>("--patient-id") { Description = "The patient whose studies are sent (the PACS's Patient ID).", Required = true, HelpName = "ID" };
        var studies = new Option<string[]>("--study") { Description = "Only this Study Instance UID (repeat for several); default every study of the patient.", HelpName = "UID" };
        var to = new Option<string>("--to") { Description = "The destination facility id.", Required = true, HelpName = "FACILITY" };
        var priority = new Option<string>("--priority") { Description = "How urgent, when a new transfer is created: stat, urgent or routine.", DefaultValueFactory = _ => "routine" };
        priority.AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, TransferStateNames.PriorityChoices);
        var ae = new Option<string>("--ae") { Description = "The AE title the PACS sends the studies to.", DefaultValueFactory = _ => "HANDOFF_PULL", HelpName = "TITLE" };
        var listen = new Option<string>("--listen") { Description = "Where to accept the PACS's association while the command runs.", DefaultValueFactory = _ => "127.0.0.1:11113", HelpName = "HOST:PORT" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the transfer id and counts instead of text." };
        var eta = new Option<string?>("--eta")
        {
            Description = "When the patient is expected at the destination, for a new transfer: a time from now (45m, 2h) or an ISO 8601 time with its offset.", HelpName = "WHEN",
        };
        var command = new Command("pull", "Retrieve a patient's studies from a PACS (C-FIND, C-MOVE) and send them to a facility.")
        {
            from, patient, studies, to, priority, eta, ae, listen, json,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            PullRequest request;
            try
            {
                request = Request(parseResult, from, patient, studies, to, priority, ae, listen) with { ExpectedArrival = Eta(parseResult.GetValue(eta)) };
            }
            catch (FormatException e)
            {
                CliErrorHandler.WriteError(e.Message);
                return Task.FromResult(ExitCodes.Usage);
            }
            return server.RunAsync(parseResult, cancellationToken, async (client, token) =>
            {
                using var logging = CommandLogging.Create(LogLevel.Warning);
                try
                {
                    var result = await PriorPull.RunAsync(client, request, logging.CreateLogger("Handoff.Pull"), token).ConfigureAwait(false);
                    Report(result, parseResult.GetValue(json));
                    return ExitCodes.Success;
                }
                catch (PullFailedException e)
                {
                    throw new CliFailure(e.Message, ExitCodes.InputError);
                }
                finally
                {
                    Directory.Delete(request.Folder, recursive: true);
                }
            });
        });
        return command;
    }

    private static PullRequest Request(ParseResult parseResult, Option<string> from, Option<string> patient, Option<string[]> studies, Option<string> to,
        Option<string> priority, Option<string> ae, Option<string> listen)
    {
        var title = parseResult.GetRequiredValue(ae);
        if (!AeTitles.IsValid(title))
            throw new FormatException($"--ae '{title}' is not an AE title (1 to 16 characters, no backslash or control characters)");
        var patientId = parseResult.GetRequiredValue(patient);
        if (string.IsNullOrWhiteSpace(patientId) || patientId.Length > 64 || patientId.Contains('\\', StringComparison.Ordinal) || patientId.Contains('*', StringComparison.Ordinal) || patientId.Contains('?', StringComparison.Ordinal))
            throw new FormatException("--patient-id must be one Patient ID (1 to 64 characters, no wildcards or backslash)");
        var uids = parseResult.GetValue(studies) ?? [];
        foreach (var uid in uids)
        {
            if (!DicomUids.IsValid(uid))
                throw new FormatException($"--study '{uid}' is not a UID");
        }
        return new PullRequest(
            PacsAddress.Parse(parseResult.GetRequiredValue(from)),
            patientId,
            uids,
            parseResult.GetRequiredValue(to),
            TransferStateNames.ParsePriority(parseResult.GetRequiredValue(priority)),
            title,
            GatewaySettings.ParseEndpoint(parseResult.GetRequiredValue(listen), "--listen"),
            Path.Combine(Path.GetTempPath(), $"handoff-pull-{Guid.NewGuid():N}"));
    }

    private static DateTimeOffset? Eta(string? text)
    {
        if (text is null)
            return null;
        try
        {
            return Client.ArrivalTime.Parse(text, DateTimeOffset.UtcNow);
        }
        catch (FormatException e)
        {
            throw new FormatException($"--eta: {e.Message}", e);
        }
    }

    private static void Report(PullResult result, bool json)
    {
        if (result.InstancesMissing > 0)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"handoff: warning: {result.InstancesMissing} instances the PACS announced did not arrive; the destination sees the transfer incomplete"));
        }

        if (json)
        {
            JsonOutput.Write(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("transferId", result.TransferId);
                writer.WriteBoolean("addedToOpenTransfer", result.AddedToOpenTransfer);
                writer.WriteNumber("studies", result.Studies);
                writer.WriteNumber("instances", result.Instances);
                writer.WriteNumber("instancesMissing", result.InstancesMissing);
                writer.WriteEndObject();
            }, indented: false);
            return;
        }
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"pulled {result.Instances} instances of {result.Studies} {(result.Studies == 1 ? "study" : "studies")}; {(result.AddedToOpenTransfer ? "added to the patient's open transfer" : "sent as transfer")} {result.TransferId}"));
    }
}
