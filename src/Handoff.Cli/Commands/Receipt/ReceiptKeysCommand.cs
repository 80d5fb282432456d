using System.CommandLine;
using Handoff.Client.Receipts;

namespace Handoff.Cli.Commands.Receipt;

/// <summary>
/// `handoff receipt keys --out FILE`: exports every registered receipt public key (the cluster's, its facilities',
/// and those learned from peer networks) as a JWK Set, for `handoff receipt verify --keys`.
/// </summary>
internal static class ReceiptKeysCommand
{
    public static Command Create(ServerOptions server)
    {
        var output = new Option<string>("--out") { Description = "The file to write the key set to (JWK Set JSON).", Required = true, HelpName = "FILE" };
        var command = new Command("keys", "Export the registered receipt public keys for offline verification.") { output };
        command.SetAction((parseResult, cancellationToken) => server.RunAsync(parseResult, cancellationToken, async (connection, token) =>
        {
            var path = parseResult.GetRequiredValue(output);
            var keys = await connection.ListReceiptKeysAsync(token).ConfigureAwait(false);
            ReceiptKeySet set;
            try
            {
                set = ReceiptKeySet.From(keys);
            }
            catch (FormatException malformed)
            {
                throw new CliFailure($"the server listed a key that is not a P-256 public key: {malformed.Message}");
            }
            set.Save(path);
            var clusters = set.Keys.Count(k => k.Role == ReceiptPublicKey.ClusterRole);
            Console.Out.WriteLine($"{set.Keys.Count} keys ({clusters} cluster, {set.Keys.Count - clusters} facility) written to {path}");
            return ExitCodes.Success;
        }));
        return command;
    }
}
