using System.CommandLine;
using Handoff.Cli.Output;
using Handoff.Client;
using Handoff.Protos.V1;

namespace Handoff.Cli.Commands.Transfers;

/// <summary>
/// `handoff ack TRANSFER --out DIR`: acknowledges a transfer received earlier (say with `receive --no-ack`, after
/// the images were imported), recomputing every instance's content hash from the files in DIR. The server accepts
/// only a receipt that matches what was sent; otherwise the command fails naming the instances.
/// </summary>
internal static class AckCommand
{
    public static Command Create(ServerOptions server)
    {
        var transfer = new Argument<string>("TRANSFER") { Description = "The transfer id." };
        var output = new Option<string>("--out") { Description = "The folder the transfer was received into.", Required = true, HelpName = "DIR" };
        var command = new Command("ack", "Acknowledge a received transfer with the content hashes of the files in a folder.") { transfer, output };
        command.SetAction((parseResult, cancellationToken) => server.RunAsync(parseResult, cancellationToken, async (connection, token) =>
        {
            var id = parseResult.GetRequiredValue(transfer);
            var directory = parseResult.GetRequiredValue(output);
            if (!Directory.Exists(directory))
                throw new CliFailure($"{directory}: no such directory");
            var manifest = await connection.GetManifestAsync(id, token).ConfigureAwait(false);
            var receipt = FolderReceipt.Compute(manifest, directory);
            if (receipt.Missing.Count == 0 && manifest.State == TransferState.Available)
                await connection.ReportDownloadedAsync(id, token).ConfigureAwait(false);
            var response = await connection.AcknowledgeAsync(id, receipt.Entries, token).ConfigureAwait(false);
            Console.Out.WriteLine($"acknowledged {receipt.Entries.Count} instances of transfer {id}; transfer is {TransferStateNames.Of(response.Transfer?.State ?? TransferState.Acknowledged)}");
            return ExitCodes.Success;
        }));
        return command;
    }
}
