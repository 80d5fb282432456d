using System.CommandLine;
using Handoff.Cli.Output;
using Handoff.Client;
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
            var transfers = await connection.ListTransfersAsync(parseResult.GetValue(outbox) ? Mailbox.Outbox : Mailbox.Inbox, token).ConfigureAwait(false);
            if (asJson)
            {
                JsonOutput.Write(writer =>
                {
                    writer.WriteStartObject();
                    writer.WriteStartArray("transfers");
                    foreach (var transfer in transfers)
                        TransferJson.WriteTransfer(writer, transfer, includeTimeline: false);
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                });
            }
            else
            {
                TransferText.WriteList(Console.Out, transfers);
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    private static async Task<int> WatchAsync(HandoffClient client, long after, bool json, CancellationToken cancellationToken)
    {
        try
        {
            // The server never ends an inbox watch by itself; the library opens a stream that ends again after the last event.
            await foreach (var transferEvent in client.FollowInboxAsync(after, cancellationToken).ConfigureAwait(false))
                EventOutput.Write(transferEvent, json, includeTransfer: true);
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or HandoffException)
        {
            // Ctrl-C is the documented way to stop watching.
        }
        return ExitCodes.Success;
    }
}
