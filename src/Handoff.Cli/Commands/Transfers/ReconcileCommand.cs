using System.CommandLine;

namespace Handoff.Cli.Commands.Transfers;

/// <summary>
/// `handoff reconcile TRANSFER --patient-id ID --issuer ISSUER [--patient-name NAME] [--accession ACC]`: the
/// destination sets the patient's identity at its hospital; its gateway writes it into every instance it delivers.
/// Prints nothing of the identity (it is patient data): one line naming the transfer.
/// </summary>
internal static class ReconcileCommand
{
    public static Command Create(ServerOptions server)
    {
        var transfer = new Argument<string>("TRANSFER") { Description = "The transfer id." };
        var patientId = new Option<string>("--patient-id") { Description = "The patient's ID at this hospital.", Required = true, HelpName = "ID" };
        var issuer = new Option<string>("--issuer") { Description = "Who assigned that ID (Issuer of Patient ID).", Required = true, HelpName = "ISSUER" };
        var name = new Option<string?>("--patient-name") { Description = "The patient's name as this hospital files it (FAMILY^GIVEN).", HelpName = "NAME" };
        var accession = new Option<string?>("--accession") { Description = "This hospital's accession number for the study.", HelpName = "ACC" };
        var command = new Command("reconcile", "Set the patient's identity at this (the receiving) hospital; delivery writes it into every instance.")
        {
            transfer, patientId, issuer, name, accession,
        };
        command.SetAction((parseResult, cancellationToken) => server.RunAsync(parseResult, cancellationToken, async (connection, token) =>
        {
            var result = await connection.ReconcilePatientAsync(parseResult.GetRequiredValue(transfer), parseResult.GetRequiredValue(patientId),
                parseResult.GetRequiredValue(issuer), parseResult.GetValue(name), parseResult.GetValue(accession), token).ConfigureAwait(false);
            Console.Out.WriteLine($"transfer {result.Id}: patient reconciled (issuer {result.Reconciliation.IssuerOfPatientId})");
            return ExitCodes.Success;
        }));
        return command;
    }
}
