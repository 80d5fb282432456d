namespace Handoff.Cli.Tests.Infrastructure;

/// <summary>Which way a <see cref="HeldLink"/> holds bytes: a sender's upload, or what the server sends a receiver.</summary>
public enum LinkDirection
{
    ClientToServer,
    ServerToClient,
}
