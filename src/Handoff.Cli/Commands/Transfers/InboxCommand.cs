using System.CommandLine;
using Grpc.Core;
using Handoff.Cli.Output;
using Handoff.Cli.Transfers;
using Handoff.Protos.V1;

namespace Handoff.Cli.Commands.Transfers;

/// <summary>
/// `handoff inbox [--watch] [--json]`: the transfers addressed to this facility, most urgent first as the server
/// orders them. With --watch, every event of every incoming transfer as it happens, until Ctrl-C.
/// Both fail over to the next --server when theirs goes away; the watch resumes after the last event shown.
/// </summary>
internal static class InboxCommand
{
    public static Command Create(ServerOptions server)
    {
        var watch = new Option<bool>("--watch") { Description = "Follow events of incoming transfers live until Ctrl-C." };
        var after = new Option<long>("--after") { Description = "With --watch: only events after this inbox sequence number (0 replays the history).", HelpName = "SEQUENCE" };
        var json = new Option<bool>("--json") { Description = "Print JSON (with --watch: one object per line)." };
        var outbox = new Option<bool>("--outbox") { Description = "List the transfers this facility sent instead." };
        var command = new Command("inbox", "List the transfers sent to this facility, or watch them arrive.") { watch, after, json, outbox };
        command.SetAction((parseResult, cancellationToken) => server.RunAsync(parseResult, cancellationToken, async (connection, token) =>
        {
            var asJson = parseResult.GetValue(json);
            if (parseResult.GetValue(watch))
                return await WatchAsync(connection, parseResult.GetValue(after), asJson, token).ConfigureAwait(false);
            var request = new ListTransfersRequest { Mailbox = parseResult.GetValue(outbox) ? Mailbox.Outbox : Mailbox.Inbox };
            var response = await RetryPolicy.For(connection).RunAsync(
                callToken => connection.Transfers.ListTransfersAsync(request, cancellationToken: callToken).ResponseAsync, token).ConfigureAwait(false);
            if (asJson)
            {
                JsonOutput.Write(writer =>
                {
                    writer.WriteStartObject();
                    writer.WriteStartArray("transfers");
                    foreach (var transfer in response.Transfers)
                        TransferJson.WriteTransfer(writer, transfer, includeTimeline: false);
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                });
            }
            else
            {
                TransferText.WriteList(Console.Out, response.Transfers);
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    private static async Task<int> WatchAsync(HandoffConnection connection, long after, bool json, CancellationToken cancellationToken)
    {
        try
        {
            // The server never ends an inbox watch by itself; a stream that ends is opened again after the last event.
            while (!cancellationToken.IsCancellationRequested)
            {
                await EventFollower.FollowAsync(
                    (afterSequence, token) => connection.Transfers.WatchInbox(new WatchInboxRequest { AfterSequence = afterSequence }, cancellationToken: token),
                    transferEvent =>
                    {
                        EventOutput.Write(transferEvent, json, includeTransfer: true);
                        after = Math.Max(after, transferEvent.Sequence);
                        return false;
                    },
                    RetryPolicy.For(connection), after, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or RpcException)
        {
            // Ctrl-C is the documented way to stop watching.
        }
        return ExitCodes.Success;
    }
}
