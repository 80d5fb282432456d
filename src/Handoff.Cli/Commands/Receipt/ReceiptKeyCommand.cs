using System.CommandLine;
using Handoff.Client.Receipts;

namespace Handoff.Cli.Commands.Receipt;

/// <summary>
/// `handoff receipt key create --out FILE [--facility F]`: makes a facility's receipt-signing key on this machine
/// (the private key never leaves it; the file is readable by its owner only) and registers its public half. Use the
/// file with --receipt-key (or HANDOFF_RECEIPT_KEY) on the gateway or receiving client.
/// </summary>
internal static class ReceiptKeyCommand
{
    public static Command Create(ServerOptions server)
    {
        var command = new Command("key", "Manage a facility's receipt-signing keys.");
        command.Subcommands.Add(CreateCommand(server));
        return command;
    }

    private static Command CreateCommand(ServerOptions server)
    {
        var output = new Option<string>("--out") { Description = "The private key file to create (PEM; never overwritten).", Required = true, HelpName = "FILE" };
        var facility = new Option<string?>("--facility") { Description = "The facility (with the operator key); default: the key's own facility.", HelpName = "FACILITY" };
        var command = new Command("create", "Make a receipt-signing key on this machine and register its public key.") { output, facility };
        command.SetAction((parseResult, cancellationToken) => server.RunAsync(parseResult, cancellationToken, async (connection, token) =>
        {
            var path = parseResult.GetRequiredValue(output);
            if (File.Exists(path))
                throw new CliFailure($"{path} already exists; a key file is never overwritten");
            using var key = ReceiptSigningKey.Create(path);
            try
            {
                var registered = await connection.RegisterReceiptKeyAsync(key.PublicKey, parseResult.GetValue(facility), token).ConfigureAwait(false);
                Console.Out.WriteLine($"receipt key {registered.Kid} registered for {registered.FacilityId}; private key in {path}");
                return ExitCodes.Success;
            }
            catch
            {
                File.Delete(path); // never registered: a key that signs nothing valid must not be left to be used
                throw;
            }
        }));
        return command;
    }
}
