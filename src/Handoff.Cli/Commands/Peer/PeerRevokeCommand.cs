using System.CommandLine;
using Handoff.Client;
using Handoff.Protos.V1;

namespace Handoff.Cli.Commands.Peer;

/// <summary>
/// `handoff peer revoke NAME [--certificate FILE | --thumbprint HEX]`: refuses one of the peer's certificates from now
/// on (every certificate in FILE, or the one whose thumbprint is, or starts with, HEX), or without either the whole
/// peer: its calls are refused and this cluster stops relaying to it.
/// </summary>
internal static class PeerRevokeCommand
{
    public static Command Create(ServerOptions server)
    {
        var name = new Argument<string>("NAME") { Description = "The peer network." };
        var certificate = new Option<string?>("--certificate") { Description = "Revoke the certificate(s) in this PEM file.", HelpName = "FILE" };
        var thumbprint = new Option<string?>("--thumbprint")
        {
            Description = $"Revoke the certificate with this SHA-256 thumbprint, or the one it starts with (at least {Thumbprints.MinimumPrefix} hex digits, as `peer list` shows).",
            HelpName = "HEX",
        };
        thumbprint.Validators.Add(result =>
        {
            Thumbprints.Normalize(result.GetValueOrDefault<string?>() ?? string.Empty, out var error);
            if (error is not null)
                result.AddError(error);
        });
        var command = new Command("revoke", "Refuse a peer's certificate from now on or, without --certificate or --thumbprint, the whole peer.") { name, certificate, thumbprint };
        command.Validators.Add(result =>
        {
            if (result.GetResult(certificate) is not null && result.GetResult(thumbprint) is not null)
                result.AddError("give --certificate or --thumbprint, not both");
        });
        command.SetAction((parseResult, cancellationToken) => server.RunAsync(parseResult, cancellationToken, async (connection, token) =>
        {
            var peer = parseResult.GetRequiredValue(name);
            if (parseResult.GetValue(certificate) is { } path)
            {
                // Read first: a file that is not a certificate, or holds a private key, stops the command before any call.
                foreach (var each in CertificateFile.Read(path).Thumbprints())
                    await RevokeCertificateAsync(connection, peer, each, token).ConfigureAwait(false);
            }
            else if (parseResult.GetValue(thumbprint) is { } given)
            {
                var hex = Thumbprints.Normalize(given, out _)!;
                if (hex.Length < Thumbprints.Length)
                    hex = Thumbprints.Resolve(await FindAsync(connection, peer, token).ConfigureAwait(false), hex);
                await RevokeCertificateAsync(connection, peer, hex, token).ConfigureAwait(false);
            }
            else
            {
                var revoked = await connection.Peers.RevokePeerAsync(new RevokePeerRequest { Name = peer }, cancellationToken: token).ConfigureAwait(false);
                Console.Out.WriteLine($"revoked peer {revoked.Name}: its calls are refused and nothing is relayed to it");
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    private static async Task RevokeCertificateAsync(HandoffClient connection, string peer, string thumbprint, CancellationToken token)
    {
        var request = new RevokePeerRequest { Name = peer, Thumbprint = thumbprint };
        var revoked = await connection.Peers.RevokePeerAsync(request, cancellationToken: token).ConfigureAwait(false);
        var subject = revoked.Certificates.FirstOrDefault(c => string.Equals(c.Thumbprint, thumbprint, StringComparison.OrdinalIgnoreCase))?.Subject;
        var described = string.IsNullOrEmpty(subject) ? Thumbprints.Short(thumbprint) : $"{Thumbprints.Short(thumbprint)} ({subject})";
        Console.Out.WriteLine($"revoked certificate {described} of peer {revoked.Name}");
    }

    /// <summary>The peer, to match a thumbprint prefix against its certificates.</summary>
    private static async Task<Protos.V1.Peer> FindAsync(HandoffClient connection, string name, CancellationToken token)
    {
        var response = await connection.Peers.ListPeersAsync(new ListPeersRequest(), cancellationToken: token).ConfigureAwait(false);
        return response.Peers.FirstOrDefault(p => p.Name == name)
            ?? throw new CliFailure($"peer '{name}' is not registered", ExitCodes.ServerRefused);
    }
}
