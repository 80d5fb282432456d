using System.CommandLine;
using Handoff.Client.Receipts;

namespace Handoff.Cli.Commands.Receipt;

/// <summary>
/// `handoff receipt TRANSFER --out FILE` saves a transfer's signed receipt; `verify`, `keys` and `key create` are its
/// subcommands: check a receipt offline, export the registered public keys, make and register a facility's key.
/// </summary>
internal static class ReceiptCommand
{
    public static Command Create(ServerOptions server)
    {
        var transfer = new Argument<string>("TRANSFER") { Description = "The acknowledged transfer's id." };
        var output = new Option<string>("--out") { Description = "The file to write the signed receipt to (JSON).", Required = true, HelpName = "FILE" };
        var command = new Command("receipt", "Save a transfer's signed receipt; verify receipts offline; manage receipt keys.") { transfer, output };
        command.SetAction((parseResult, cancellationToken) => server.RunAsync(parseResult, cancellationToken, async (connection, token) =>
        {
            var id = parseResult.GetRequiredValue(transfer);
            var path = parseResult.GetRequiredValue(output);
            var signed = await connection.GetReceiptAsync(id, token).ConfigureAwait(false);
            var document = ReceiptDocument.From(signed);
            document.Save(path);
            var content = ReceiptContent.FromJson(CompactJws.Parse(document.Receipt, "the receipt").Payload);
            Console.Out.WriteLine($"saved the receipt of transfer {document.TransferId} ({content.Instances.Count} instances signed by {content.DestinationFacilityId}, {document.Countersignatures.Count} countersignature(s)) to {path}");
            return ExitCodes.Success;
        }));
        command.Subcommands.Add(ReceiptVerifyCommand.Create());
        command.Subcommands.Add(ReceiptKeysCommand.Create(server));
        command.Subcommands.Add(ReceiptKeyCommand.Create(server));
        return command;
    }
}
