using System.CommandLine;
using Handoff.Client.Receipts;

namespace Handoff.Cli.Commands.Receipt;

/// <summary>
/// `handoff receipt verify FILE --keys KEYS [--files DIR] [--transfer ID]`: checks a receipt with no server, against
/// the public keys exported by `handoff receipt keys`. Exit 0 and one line saying what it proves; exit 6 and one
/// line on stderr saying why not.
/// </summary>
internal static class ReceiptVerifyCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The receipt file (from `handoff receipt TRANSFER --out FILE`)." };
        var keys = new Option<string>("--keys") { Description = "The trusted public keys (from `handoff receipt keys --out FILE`).", Required = true, HelpName = "FILE" };
        var files = new Option<string?>("--files") { Description = "A folder that must hold every instance's bytes (each file's content hash is checked).", HelpName = "DIR" };
        var transfer = new Option<string?>("--transfer") { Description = "The transfer the receipt must be for.", HelpName = "ID" };
        var command = new Command("verify", "Check a signed receipt offline against the registered public keys.") { file, keys, files, transfer };
        command.SetAction(parseResult => CliErrorHandler.Run(() =>
        {
            var receiptPath = parseResult.GetRequiredValue(file);
            var keysPath = parseResult.GetRequiredValue(keys);
            ReceiptDocument document;
            ReceiptKeySet trusted;
            try
            {
                document = ReceiptDocument.Load(receiptPath);
                trusted = ReceiptKeySet.Load(keysPath);
            }
            catch (FormatException malformed)
            {
                throw new CliFailure(malformed.Message);
            }
            catch (FileNotFoundException missing)
            {
                throw new CliFailure(missing.Message);
            }
            var result = ReceiptVerifier.Verify(document, trusted, parseResult.GetValue(transfer), parseResult.GetValue(files));
            if (!result.Valid)
                throw new CliFailure($"{receiptPath}: NOT valid: {result.Summary}", ExitCodes.VerificationFailed);
            Console.Out.WriteLine($"{receiptPath}: {result.Summary}");
            return ExitCodes.Success;
        }));
        return command;
    }
}
