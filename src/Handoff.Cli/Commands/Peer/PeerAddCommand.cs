using System.CommandLine;
using Handoff.Protos.V1;

namespace Handoff.Cli.Commands.Peer;

/// <summary>
/// `handoff peer add NAME --address https://host:port --certificate FILE [--certificate FILE ...]`: registers a peer
/// network, or updates its address and pins more certificates when it exists. Each file's PEM text is sent as it
/// is; the server computes the thumbprints and the command prints them, to compare with the peer's own.
/// </summary>
internal static class PeerAddCommand
{
    public static Command Create(ServerOptions server)
    {
        var name = new Argument<string>("NAME") { Description = "The peer's network name: lowercase letters, digits and '-' (south). Its facilities become facility@NAME." };
        var address = new Option<string>("--address") { Description = "The peer's federation endpoint, https://host:port (mutual TLS).", Required = true, HelpName = "URL" };
        address.Validators.Add(result =>
        {
            if (AddressError(result.GetValueOrDefault<string>()) is { } error)
                result.AddError(error);
        });
        var certificates = new Option<string[]>("--certificate")
        {
            Description = "A PEM file with the certificate the peer presents (public part only); repeat for several.",
            Required = true,
            HelpName = "FILE",
        };
        var command = new Command("add", "Register a peer network, or update its address and pin more of its certificates.") { name, address, certificates };
        command.SetAction((parseResult, cancellationToken) => server.RunAsync(parseResult, cancellationToken, async (connection, token) =>
        {
            var request = new AddPeerRequest { Name = parseResult.GetRequiredValue(name), Address = parseResult.GetRequiredValue(address) };
            // Every file is read and checked before anything is sent: a private key in any of them stops the command.
            foreach (var path in parseResult.GetRequiredValue(certificates))
                request.CertificatePems.Add(CertificateFile.Read(path).Pem);
            var peer = await connection.Peers.AddPeerAsync(request, cancellationToken: token).ConfigureAwait(false);
            PeerOutput.Table([peer], DateTimeOffset.UtcNow).Write(Console.Out);
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Why <paramref name="address"/> cannot be a peer's federation endpoint, or null when it can.</summary>
    public static string? AddressError(string? address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && uri.Host.Length > 0
            ? null
            : $"--address must be the peer's federation endpoint, https://host:port, not '{address}'";
}
