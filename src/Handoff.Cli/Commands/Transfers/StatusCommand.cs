using System.CommandLine;
using Handoff.Cli.Output;
using Handoff.Client;
using Handoff.Protos.V1;

namespace Handoff.Cli.Commands.Transfers;

/// <summary>
/// `handoff status TRANSFER [--watch] [--json]`: a transfer's state, studies and timeline. With --watch, its events
/// as they happen (one line, or one JSON object, each) until the transfer reaches a final state. Both fail over to the next --server
/// when theirs goes away; the watch resumes after the last event shown.
/// </summary>
internal static class StatusCommand
{
    public static Command Create(ServerOptions server)
    {
        var transfer = new Argument<string>("TRANSFER") { Description = "The transfer id." };
        var watch = new Option<bool>("--watch") { Description = "Follow the transfer's events live until it is acknowledged, cancelled, expired or failed." };
        var json = new Option<bool>("--json") { Description = "Print JSON (with --watch: one object per line)." };
        var command = new Command("status", "Show a transfer: state, studies, timeline.") { transfer, watch, json };
        command.SetAction((parseResult, cancellationToken) => server.RunAsync(parseResult, cancellationToken, async (connection, token) =>
        {
            var id = parseResult.GetRequiredValue(transfer);
            var asJson = parseResult.GetValue(json);
            if (parseResult.GetValue(watch))
                return await WatchAsync(connection, id, asJson, token).ConfigureAwait(false);
            var result = await connection.GetTransferAsync(id, token).ConfigureAwait(false);
            if (asJson)
                JsonOutput.Write(writer => TransferJson.WriteTransfer(writer, result, includeTimeline: true));
            else
                TransferText.WriteDetails(Console.Out, result);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static async Task<int> WatchAsync(HandoffClient client, string id, bool json, CancellationToken cancellationToken)
    {
        try
        {
            // Ends after an event with a final state, or when the server ends the watch.
            await foreach (var transferEvent in client.FollowTransferAsync(id, afterSequence: 0, cancellationToken).ConfigureAwait(false))
                EventOutput.Write(transferEvent, json, includeTransfer: false);
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or HandoffException)
        {
            // Ctrl-C ends a watch: that is how a person stops looking, not a failure.
        }
        return ExitCodes.Success;
    }
}
