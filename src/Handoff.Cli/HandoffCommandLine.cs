using System.CommandLine;
using System.CommandLine.Invocation;
using Handoff.Cli.Commands;
using Handoff.Cli.Commands.Dicom;
using Handoff.Cli.Commands.Facility;
using Handoff.Cli.Commands.User;
using Handoff.Cli.Commands.Gateway;
using Handoff.Cli.Commands.Peer;
using Handoff.Cli.Commands.Transfers;

namespace Handoff.Cli;

/// <summary>
/// The `handoff` command tree: `dicom` for local files, `facility` and `peer` (federation) for administration, and
/// the transfer commands (`send`, `inbox`, `status`, `receive`, `ack`, `cancel`, `audit`) that talk to a server chosen
/// with the global --server and --key. Every failure ends as one line on stderr with an exit code from
/// <see cref="ExitCodes"/>, so scripts and people get the same clear answer.
/// </summary>
internal static class HandoffCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Handoff moves imaging studies between care facilities when a patient is transferred.");
        var server = new ServerOptions();
        server.AddTo(root);
        root.Subcommands.Add(SendCommand.Create(server));
        root.Subcommands.Add(InboxCommand.Create(server));
        root.Subcommands.Add(StatusCommand.Create(server));
        root.Subcommands.Add(ReceiveCommand.Create(server));
        root.Subcommands.Add(AckCommand.Create(server));
        root.Subcommands.Add(CancelCommand.Create(server));
        root.Subcommands.Add(ReconcileCommand.Create(server));
        root.Subcommands.Add(AuditCommand.Create(server));
        root.Subcommands.Add(FacilityCommand.Create(server));
        root.Subcommands.Add(UserCommand.Create(server));
        root.Subcommands.Add(Commands.Receipt.ReceiptCommand.Create(server));
        root.Subcommands.Add(PeerCommand.Create(server));
        root.Subcommands.Add(GatewayCommand.Create(server));
        root.Subcommands.Add(PullCommand.Create(server));
        root.Subcommands.Add(DicomCommand.Create());
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var root = Create();
        // Without arguments the most useful answer is the help text, not a "command required" error.
        var parseResult = root.Parse(args.Length == 0 ? ["--help"] : args);
        if (parseResult.Action is ParseErrorAction && parseResult.Errors.Count > 0)
        {
            // System.CommandLine would print every error plus the whole help text; one line is what the
            // contract promises, with a pointer to the help for the command that was being parsed.
            var command = parseResult.CommandResult.Command;
            var usage = command == root ? "handoff --help" : $"handoff {CommandPath(command)} --help";
            CliErrorHandler.WriteError($"{OneLine(parseResult.Errors[0].Message)} (see '{usage}')");
            return ExitCodes.Usage;
        }
        // Ctrl-C cancels the token the actions get; they end with "interrupted" (or quietly, for --watch).
        return await parseResult.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
    }

    private static string CommandPath(Command command)
    {
        var names = new List<string>();
        for (var current = command; current is not null and not RootCommand; current = current.Parents.OfType<Command>().FirstOrDefault())
            names.Insert(0, current.Name);
        return string.Join(' ', names);
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
