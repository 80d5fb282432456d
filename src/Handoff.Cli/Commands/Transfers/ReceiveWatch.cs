using System.Globalization;
using Handoff.Cli.Output;
using Handoff.Cli.Progress;
using Handoff.Client;

namespace Handoff.Cli.Commands.Transfers;

/// <summary>
/// `handoff receive --watch --out DIR`: a standing receiver. Every transfer addressed to the facility, waiting now or
/// arriving later, goes into DIR/&lt;transfer&gt;/ (verified, acknowledged), STAT first, until Ctrl-C. Each step is
/// one line: starts and receipts on stdout, retries and failures on stderr (all on stdout with --json).
/// </summary>
internal static class ReceiveWatch
{
    public static async Task<int> RunAsync(HandoffClient client, string directory, InboxReceiveOptions options, bool json, CancellationToken cancellationToken)
    {
        var output = new object();
        options = options with { Report = step => { lock (output) Write(step, directory, json); } };
        try
        {
            await client.ReceiveInboxAsync(transfer => new FolderInstanceSink(Path.Combine(directory, transfer.Id)), options, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C is the documented way to stop; the next run resumes what was half received.
        }
        return ExitCodes.Success;
    }

    private static void Write(InboxReceiveEvent step, string directory, bool json)
    {
        if (json)
        {
            JsonOutput.Write(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("step", StepName(step.Step));
                if (step.Transfer is { } transfer)
                {
                    writer.WriteString("transferId", transfer.Id);
                    writer.WriteString("priority", TransferStateNames.Of(transfer.Priority));
                    writer.WriteString("sourceFacilityId", transfer.SourceFacilityId);
                    writer.WriteString("directory", Path.Combine(directory, transfer.Id));
                }
                if (step.Result is { } result)
                {
                    writer.WriteString("state", TransferStateNames.Of(result.State));
                    writer.WriteNumber("instances", result.Instances);
                    writer.WriteNumber("bytes", result.Bytes);
                    writer.WriteBoolean("acknowledged", result.Acknowledged);
                    writer.WriteNumber("seconds", Math.Round(result.Elapsed.TotalSeconds, 3));
                }
                if (step.Error is { } error)
                    writer.WriteString("error", error.Message);
                if (step.RetryIn is { } retryIn)
                    writer.WriteNumber("retryInSeconds", Math.Round(retryIn.TotalSeconds, 1));
                writer.WriteEndObject();
            }, indented: false);
            return;
        }
        var line = Line(step, directory);
        var stream = step.Step is InboxReceiveStep.Started or InboxReceiveStep.Received ? Console.Out : Console.Error;
        stream.WriteLine(line);
        stream.Flush();
    }

    private static string Line(InboxReceiveEvent step, string directory)
    {
        var id = step.Transfer?.Id ?? "";
        var reason = step.Error?.Message.ReplaceLineEndings(" ") ?? "";
        var retry = step.RetryIn is { } wait ? ProgressText.Duration(wait) : "";
        return step.Step switch
        {
            InboxReceiveStep.Started => string.Create(CultureInfo.InvariantCulture,
                $"receiving {id} ({TransferStateNames.Of(step.Transfer!.Priority)}, from {step.Transfer.SourceFacilityId}) into {Path.Combine(directory, id)}"),
            InboxReceiveStep.Received => string.Create(CultureInfo.InvariantCulture,
                $"received {id}: {step.Result!.Instances} instances ({ByteSize.Format(step.Result.Bytes)}) in {ProgressText.Duration(step.Result.Elapsed)}; {(step.Result.Acknowledged ? "acknowledged" : TransferStateNames.Of(step.Result.State))}"),
            InboxReceiveStep.Retrying => $"receiving {id} failed, trying again in {retry}: {reason}",
            InboxReceiveStep.Abandoned => $"receiving {id} failed and will not be retried: {reason}",
            _ => $"no server reachable, listing the inbox again in {retry}: {reason}",
        };
    }

    private static string StepName(InboxReceiveStep step) => step switch
    {
        InboxReceiveStep.Started => "started",
        InboxReceiveStep.Received => "received",
        InboxReceiveStep.Retrying => "retrying",
        InboxReceiveStep.Abandoned => "abandoned",
        _ => "server-unreachable",
    };
}
