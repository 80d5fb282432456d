using System.Diagnostics;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Handoff.Testing;

/// <summary>Asks grpc.health.v1 until the server answers SERVING, the process dies, or the deadline passes.</summary>
public static class HealthProbe
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public static async Task WaitUntilServingAsync(GrpcChannel channel, Process process, Func<string> output, TimeSpan deadline)
    {
        var health = new Grpc.Health.V1.Health.HealthClient(channel);
        using var timeout = new CancellationTokenSource(deadline);
        while (!timeout.IsCancellationRequested)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"the server exited with {process.ExitCode} before serving:\n{output()}");
            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2), cancellationToken: timeout.Token);
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                    return;
            }
            catch (RpcException) when (!timeout.IsCancellationRequested)
            {
                // Not listening yet, or the silo is still starting: ask again.
            }
            catch (OperationCanceledException)
            {
                break;
            }
            // The interval between two questions, not a guess at how long starting takes: the answer decides.
            await Task.Delay(PollInterval, CancellationToken.None);
        }
        throw new TimeoutException($"the server was not SERVING within {deadline}:\n{output()}");
    }
}
