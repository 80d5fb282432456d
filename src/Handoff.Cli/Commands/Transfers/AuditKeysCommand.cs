using System.CommandLine;
using Handoff.Protos.V1;

namespace Handoff.Cli.Commands.Transfers;

/// <summary>
/// `handoff audit keys`: the public keys the cluster signs audit checkpoints with, as PEM on stdout, to save once
/// (`handoff audit keys > cluster-audit.pem`) and give to later `handoff audit verify --public-key` runs, so those
/// trust nothing the server says at verification time.
/// </summary>
internal static class AuditKeysCommand
{
    public static Command Create(ServerOptions server)
    {
        var command = new Command("keys", "Print the cluster's audit signing public keys (PEM), to pin for `audit verify --public-key`.");
        command.SetAction((parseResult, cancellationToken) => server.RunAsync(parseResult, cancellationToken, async (connection, token) =>
        {
            var response = await connection.CallAsync(t => connection.Audit.GetAuditSigningKeysAsync(new GetAuditSigningKeysRequest(), cancellationToken: t).ResponseAsync, token).ConfigureAwait(false);
            foreach (var key in response.Keys)
                Console.Out.Write(key.PublicKeyPem.EndsWith('\n') ? key.PublicKeyPem : key.PublicKeyPem + "\n");
            return ExitCodes.Success;
        }));
        return command;
    }
}
