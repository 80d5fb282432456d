using System.CommandLine;
using System.Globalization;
using Handoff.Client.Auditing;

namespace Handoff.Cli.Commands.Transfers;

/// <summary>
/// `handoff audit verify [--facility ID] [--public-key FILE]...`: reads the whole audit log (checkpoints included),
/// recomputes its hash chain here, not trusting the server, and checks each checkpoint's signature against the given
/// public keys or, without --public-key, the keys the server publishes. Exit 0 with one line
/// "N events, chain intact, last countersigned at …"; exit 6 (verification failed) naming the first broken sequence.
/// </summary>
internal static class AuditVerifyCommand
{
    public static Command Create(ServerOptions server)
    {
        var facility = new Option<string?>("--facility") { Description = "Operator only: one facility's log (default: the operator log).", HelpName = "ID" };
        var publicKeys = new Option<string[]>("--public-key")
        {
            Description = "Trust this audit signing public key (PEM file; repeat for several) instead of the keys the server publishes.",
            HelpName = "FILE",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("verify", "Prove the audit log was not changed: recompute its hash chain and check the cluster's signed checkpoints.") { facility, publicKeys };
        command.SetAction((parseResult, cancellationToken) => server.RunAsync(parseResult, cancellationToken, async (connection, token) =>
        {
            var pems = ReadKeys(parseResult.GetValue(publicKeys) ?? []);
            AuditVerification result;
            try
            {
                result = await connection.VerifyAuditLogAsync(parseResult.GetValue(facility), pems, token).ConfigureAwait(false);
            }
            catch (ArgumentException badKey) when (badKey.ParamName == "pems")
            {
                throw new CliFailure($"audit signing key: {badKey.Message}", ExitCodes.InputError);
            }
            if (!result.Intact)
                throw new CliFailure($"audit log {result.LogId}: chain broken at sequence {result.BrokenAt}: {result.Problem}", ExitCodes.VerificationFailed);
            Console.Out.WriteLine(Summary(result));
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>The one line of an intact log.</summary>
    public static string Summary(AuditVerification result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var signed = result.LastCountersignedAt is { } at
            ? string.Create(CultureInfo.InvariantCulture, $"last countersigned at {at.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} (through sequence {result.LastCountersignedSequence})")
            : "not countersigned yet";
        var legacy = result.Unchained > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({result.Unchained} older events predate the chain)") : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"{result.Events} events, chain intact, {signed}{legacy}");
    }

    private static List<string> ReadKeys(string[] paths)
    {
        var pems = new List<string>(paths.Length);
        foreach (var path in paths)
        {
            if (!File.Exists(path))
                throw new CliFailure($"--public-key: {path} does not exist", ExitCodes.InputError);
            var text = File.ReadAllText(path);
            if (!text.Contains("-----BEGIN PUBLIC KEY-----", StringComparison.Ordinal))
                throw new CliFailure($"--public-key: {path} holds no PEM public key (-----BEGIN PUBLIC KEY-----)", ExitCodes.InputError);
            // A file may hold several keys (`handoff audit keys` prints every published one).
            foreach (var block in text.Split("-----END PUBLIC KEY-----", StringSplitOptions.RemoveEmptyEntries))
            {
                if (block.Contains("-----BEGIN PUBLIC KEY-----", StringComparison.Ordinal))
                    pems.Add(block + "-----END PUBLIC KEY-----");
            }
        }
        return pems;
    }
}
