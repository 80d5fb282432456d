using System.CommandLine;
using System.Globalization;
using Handoff.Cli.Output;
using Handoff.Cli.Progress;
using Handoff.Cli.Transfers;
using Handoff.Client;

namespace Handoff.Cli.Commands.Transfers;

/// <summary>
/// `handoff receive TRANSFER --out DIR`: downloads a transfer into DIR/&lt;study&gt;/&lt;series&gt;/&lt;instance&gt;.dcm,
/// byte-identical and verified, while the sender may still be uploading; then reports it downloaded and, unless
/// --no-ack, acknowledges with every instance's content hash. A rerun keeps what already verifies.
/// `handoff receive --watch --out DIR` does that for every transfer of the inbox, now and as they arrive
/// (<see cref="ReceiveWatch"/>).
/// </summary>
internal static class ReceiveCommand
{
    public static Command Create(ServerOptions server)
    {
        var transfer = new Argument<string?>("TRANSFER") { Description = "The transfer id (not with --watch).", Arity = ArgumentArity.ZeroOrOne };
        var watch = new Option<bool>("--watch") { Description = "Receive every transfer of the inbox, waiting and arriving, into DIR/<transfer>/ until Ctrl-C (STAT first)." };
        var concurrent = new Option<int>("--concurrent") { Description = "With --watch: routine and urgent transfers received at once (STAT never waits).", DefaultValueFactory = _ => 2, HelpName = "N" };
        var output = new Option<string>("--out") { Description = "Folder to write the studies into.", Required = true, HelpName = "DIR" };
        var parallel = new Option<int>("--parallel") { Description = "Concurrent download streams.", DefaultValueFactory = _ => 4, HelpName = "N" };
        var noAck = new Option<bool>("--no-ack") { Description = "Do not acknowledge receipt (use `handoff ack` later)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the counts instead of text." };
        var command = new Command("receive", "Download a transfer, verify every byte and acknowledge it.") { transfer, output, watch, concurrent, parallel, noAck, json };
        command.SetAction((parseResult, cancellationToken) => server.RunAsync(parseResult, cancellationToken, async (connection, token) =>
        {
            var transferId = parseResult.GetValue(transfer);
            if (parseResult.GetValue(watch))
                return await ReceiveWatch.RunAsync(connection, Path.GetFullPath(parseResult.GetRequiredValue(output)),
                    WatchOptions(parseResult, transferId, concurrent, parallel, noAck), parseResult.GetValue(json), token).ConfigureAwait(false);
            if (string.IsNullOrEmpty(transferId))
                throw CliFailure.Usage("receive needs a TRANSFER id, or --watch to receive every transfer of the inbox");
            var request = new ReceiveRequest(
                transferId,
                // Absolute once, so thousands of file operations do not each resolve the working directory.
                Path.GetFullPath(parseResult.GetRequiredValue(output)),
                ServerOptions.CheckParallel(parseResult.GetValue(parallel)),
                !parseResult.GetValue(noAck));
            // A routine receive yields the CPU to urgent ones on the same machine; the transfer says how urgent it is.
            CpuPriority.Apply((await connection.GetTransferAsync(request.TransferId, token).ConfigureAwait(false)).Priority);
            var asJson = parseResult.GetValue(json);
            var counters = new ProgressCounters();
            var progress = new ProgressReporter(ProgressReporter.ChooseMode(asJson), counters, "received", showHashing: false);
            var options = new ReceiveOptions { Parallel = request.Parallel, Acknowledge = request.Acknowledge, Progress = counters };
            var result = await progress.RunAsync(() => connection.ReceiveAsync(request.TransferId, new FolderInstanceSink(request.OutputDirectory), options, token)).ConfigureAwait(false);
            Report(result, request, asJson);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static InboxReceiveOptions WatchOptions(ParseResult parseResult, string? transferId, Option<int> concurrent, Option<int> parallel, Option<bool> noAck)
    {
        if (!string.IsNullOrEmpty(transferId))
            throw CliFailure.Usage($"--watch receives every transfer of the inbox; leave out the TRANSFER id ({transferId})");
        var transfers = parseResult.GetValue(concurrent);
        if (transfers is < 1 or > 16)
            throw CliFailure.Usage($"--concurrent must be between 1 and 16, not {transfers}");
        var receive = new ReceiveOptions { Parallel = ServerOptions.CheckParallel(parseResult.GetValue(parallel)), Acknowledge = !parseResult.GetValue(noAck) };
        return new InboxReceiveOptions { ConcurrentTransfers = transfers, Receive = receive };
    }

    private static void Report(ReceiveResult result, ReceiveRequest request, bool json)
    {
        if (json)
        {
            JsonOutput.Write(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("transferId", result.TransferId);
                writer.WriteString("state", TransferStateNames.Of(result.State));
                writer.WriteString("directory", Path.GetFullPath(request.OutputDirectory));
                writer.WriteNumber("studies", result.Studies);
                writer.WriteNumber("instances", result.Instances);
                writer.WriteNumber("bytes", result.Bytes);
                writer.WriteNumber("instancesAlreadyPresent", result.InstancesAlreadyPresent);
                writer.WriteNumber("bytesReceived", result.BytesReceived);
                writer.WriteBoolean("acknowledged", result.Acknowledged);
                writer.WriteNumber("seconds", Math.Round(result.Elapsed.TotalSeconds, 3));
                writer.WriteEndObject();
            }, indented: false);
            return;
        }
        var ending = result.Acknowledged ? "acknowledged" : $"not acknowledged (transfer is {TransferStateNames.Of(result.State)})";
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"received {result.Instances} instances of {result.Studies} {(result.Studies == 1 ? "study" : "studies")} ({ByteSize.Format(result.Bytes)}) into {request.OutputDirectory}: {ByteSize.Format(result.BytesReceived)} downloaded in {ProgressText.Duration(result.Elapsed)} ({ProgressText.Rate(result.BytesReceived, result.Elapsed)}), {result.InstancesAlreadyPresent} already present; {ending}"));
    }
}
