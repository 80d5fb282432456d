using System.CommandLine;
using Handoff.Cli.Transfers;
using Handoff.Client;

namespace Handoff.Cli.Commands;

/// <summary>
/// The global --server and --key options (on every command, after it or before it) and the way a command that
/// talks to a server runs: settings resolved, one connection opened, every failure turned into one stderr line.
/// </summary>
internal sealed class ServerOptions
{
    public ServerOptions()
    {
        Server = new Option<string[]>("--server")
        {
            Description = $"Server address (http:// or https://); repeat or separate with commas for several. Default: ${ConnectionSettings.ServerVariable} or {ConnectionSettings.DefaultServer}.",
            Recursive = true,
            HelpName = "URL",
        };
        RetryFor = new Option<string?>("--retry-for")
        {
            Description = $"How long send, receive, status and inbox keep retrying (with back-off, across every --server) when no server can be reached, e.g. 30s or 5m. Default: ${ConnectionSettings.RetryForVariable} or 5m.",
            Recursive = true,
            HelpName = "DURATION",
        };
        Key = new Option<string?>("--key")
        {
            Description = $"Facility API key, or the operator key for `facility` and `peer` commands. Default: ${ConnectionSettings.KeyVariable}.",
            Recursive = true,
            HelpName = "KEY",
        };
        ReceiptKey = new Option<string?>("--receipt-key")
        {
            Description = $"The facility's receipt-signing key (PEM, from `handoff receipt key create`): acknowledgements carry a receipt signed with it. Default: ${ConnectionSettings.ReceiptKeyVariable}.",
            Recursive = true,
            HelpName = "FILE",
        };
    }

    public Option<string[]> Server { get; }

    public Option<string?> ReceiptKey { get; }

    public Option<string?> Key { get; }

    public Option<string?> RetryFor { get; }

    public void AddTo(RootCommand root)
    {
        root.Options.Add(Server);
        root.Options.Add(Key);
        root.Options.Add(RetryFor);
        root.Options.Add(ReceiptKey);
    }

    public async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken, Func<HandoffClient, CancellationToken, Task<int>> body)
    {
        ConnectionSettings settings;
        try
        {
            settings = ConnectionSettings.Resolve(parseResult.GetValue(Server), parseResult.GetValue(Key), parseResult.GetValue(RetryFor), parseResult.GetValue(ReceiptKey));
        }
        catch (CliFailure failure)
        {
            CliErrorHandler.WriteError(failure.Message);
            return failure.ExitCode;
        }
        return await CliErrorHandler.RunAsync(
            async () =>
            {
                using var connection = new HandoffClient(settings.ToOptions());
                return await body(connection, cancellationToken).ConfigureAwait(false);
            },
            settings,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A --parallel value checked against a sensible range, as a usage error otherwise.</summary>
    public static int CheckParallel(int value) =>
        value is >= 1 and <= 64 ? value : throw CliFailure.Usage($"--parallel must be between 1 and 64, not {value}");
}
