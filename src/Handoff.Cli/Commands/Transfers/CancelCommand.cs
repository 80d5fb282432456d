using System.CommandLine;
using Handoff.Cli.Output;
using Handoff.Protos.V1;

namespace Handoff.Cli.Commands.Transfers;

/// <summary>`handoff cancel TRANSFER [--reason TEXT]`: stops a transfer (the patient went elsewhere, the wrong study).</summary>
internal static class CancelCommand
{
    public static Command Create(ServerOptions server)
    {
        var transfer = new Argument<string>("TRANSFER") { Description = "The transfer id." };
        var reason = new Option<string?>("--reason") { Description = "Why it is cancelled, for both facilities (no patient identifiers)." };
        var command = new Command("cancel", "Cancel a transfer.") { transfer, reason };
        command.SetAction((parseResult, cancellationToken) => server.RunAsync(parseResult, cancellationToken, async (connection, token) =>
        {
            var result = await connection.CancelTransferAsync(parseResult.GetRequiredValue(transfer), parseResult.GetValue(reason) ?? string.Empty, token).ConfigureAwait(false);
            Console.Out.WriteLine($"transfer {result.Id} is {TransferStateNames.Of(result.State)}");
            return ExitCodes.Success;
        }));
        return command;
    }
}
