namespace Handoff.Server.Tests.Infrastructure;

/// <summary>Settings every test server shares: the smallest chunk size, so small synthetic instances span several chunks.</summary>
public static class TestServers
{
    public const int ChunkSize = 64 * 1024;

    public static Task<ServerProcess> StartAsync(params string[] extraArguments) =>
        ServerProcess.StartAsync([$"--Handoff:Upload:ChunkSize={ChunkSize}", .. extraArguments]);
}
