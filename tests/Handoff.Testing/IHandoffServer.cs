using Grpc.Net.Client;
using Handoff.Client;

namespace Handoff.Testing;

/// <summary>
/// What a test needs of a running server to talk to it as the operator: where it listens and its operator key.
/// <see cref="ServerProcess"/> is one; a helper takes this instead of a particular process or fixture.
/// </summary>
public interface IHandoffServer
{
    /// <summary>The gRPC address, e.g. http://127.0.0.1:41234, as `handoff --server` takes it.</summary>
    string Address { get; }

    GrpcChannel Channel { get; }

    string OperatorKey { get; }

    /// <summary>Options for a <see cref="HandoffClient"/> of the library to this server with <paramref name="key"/> (trusting its TLS certificate, if any).</summary>
    HandoffClientOptions ClientOptions(string? key);
}
