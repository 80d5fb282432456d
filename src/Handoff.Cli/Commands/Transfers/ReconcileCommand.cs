using System.CommandLine;

namespace Handoff.Cli.Commands.Transfers;

/// <summary>
/// `handoff reconcile TRANSFER --patient-id ID --issuer ISSUER [--patient-name NAME] [--accession ACC]`, or with
/// `--identity-stdin` the same four as `key=value` lines on standard input (so the identity is not in the process
/// list or the shell history): the destination sets the patient's identity at its hospital; its gateway writes it
/// into every instance it delivers. Prints nothing of the identity (it is patient data): one line naming the transfer.
/// </summary>
internal static class ReconcileCommand
{
    private static readonly string[] StdinKeys = ["patient-id", "issuer", "patient-name", "accession"];

    public static Command Create(ServerOptions server)
    {
        var transfer = new Argument<string>("TRANSFER") { Description = "The transfer id." };
        var patientId = new Option<string?>("--patient-id") { Description = "The patient's ID at this hospital.", HelpName = "ID" };
        var issuer = new Option<string?>("--issuer") { Description = "Who assigned that ID (Issuer of Patient ID).", HelpName = "ISSUER" };
        var name = new Option<string?>("--patient-name") { Description = "The patient's name as this hospital files it (FAMILY^GIVEN).", HelpName = "NAME" };
        var accession = new Option<string?>("--accession") { Description = "This hospital's accession number for the study.", HelpName = "ACC" };
        var fromStdin = new Option<bool>("--identity-stdin") { Description = "Read patient-id=, issuer=, patient-name= and accession= lines from standard input instead (nothing of the patient on the command line)." };
        var command = new Command("reconcile", "Set the patient's identity at this (the receiving) hospital; delivery writes it into every instance.")
        {
            transfer, patientId, issuer, name, accession, fromStdin,
        };
        command.SetAction((parseResult, cancellationToken) => server.RunAsync(parseResult, cancellationToken, async (connection, token) =>
        {
            var given = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["patient-id"] = parseResult.GetValue(patientId),
                ["issuer"] = parseResult.GetValue(issuer),
                ["patient-name"] = parseResult.GetValue(name),
                ["accession"] = parseResult.GetValue(accession),
            };
            if (parseResult.GetValue(fromStdin))
            {
                if (given.Values.Any(v => v is not null))
                    throw new CliFailure("--identity-stdin reads the identity from standard input: give none of --patient-id, --issuer, --patient-name, --accession");
                given = ReadIdentity(Console.In);
            }
            var id = given["patient-id"] ?? throw new CliFailure("--patient-id is required (or patient-id= on standard input with --identity-stdin)");
            var assigner = given["issuer"] ?? throw new CliFailure("--issuer is required (or issuer= on standard input with --identity-stdin)");
            var result = await connection.ReconcilePatientAsync(parseResult.GetRequiredValue(transfer), id, assigner, given["patient-name"], given["accession"], token).ConfigureAwait(false);
            Console.Out.WriteLine($"transfer {result.Id}: patient reconciled (issuer {result.Reconciliation.IssuerOfPatientId})");
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>key=value lines; an unknown key is refused by line number (never echoing a value: it may be patient data).</summary>
    private static Dictionary<string, string?> ReadIdentity(TextReader input)
    {
        var values = StdinKeys.ToDictionary(k => k, _ => (string?)null, StringComparer.Ordinal);
        var number = 0;
        while (input.ReadLine() is { } line)
        {
            number++;
            if (line.Trim().Length == 0)
                continue;
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? line.Trim() : line[..equals].Trim();
            if (equals < 0 || !values.ContainsKey(key))
                throw new CliFailure($"standard input line {number}: expected one of {string.Join("=, ", StdinKeys)}= followed by a value");
            values[key] = line[(equals + 1)..].Trim();
        }
        return values;
    }
}
