using System.Net;
using System.Net.Sockets;

namespace Handoff.Cli.Tests.Infrastructure;

/// <summary>
/// A TCP relay between a client and the server that lets a set number of bytes through in one direction and then
/// holds the rest until <see cref="Release"/>: a network link that stalls at a point the test chooses. A send or
/// receive through it is reliably halfway when the test acts (starts a receive, kills the client, kills the server),
/// whatever the machine's speed, with no sleeps and no timing luck. It relays bytes only; HTTP/2 and gRPC pass through
/// untouched. Connections opened after the server died are accepted and closed, as a dead server's would be refused.
/// </summary>
public sealed class HeldLink : IAsyncDisposable
{
    private const int BufferSize = 64 * 1024;

    private readonly TcpListener _listener;
    private readonly int _targetPort;
    private readonly LinkDirection _heldDirection;
    private readonly long _holdAfterBytes;
    private readonly TaskCompletionSource _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _sockets = [];
    private readonly List<Task> _tasks = [];
    private readonly Lock _lock = new();
    private readonly Task _accepting;
    private long _passed;

    private HeldLink(Uri target, LinkDirection heldDirection, long holdAfterBytes)
    {
        _targetPort = target.Port;
        _heldDirection = heldDirection;
        _holdAfterBytes = holdAfterBytes;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _accepting = AcceptAsync();
    }

    /// <summary>Where clients connect instead of the server.</summary>
    public string Url { get; }

    /// <summary>Completes once the link has passed its bytes in the held direction and is holding the rest.</summary>
    public Task Holding => _holding.Task;

    /// <summary>Relays to the server at <paramref name="serverUrl"/> (on this machine), holding after <paramref name="holdAfterBytes"/> bytes.</summary>
    public static HeldLink To(string serverUrl, LinkDirection heldDirection, long holdAfterBytes) =>
        new(new Uri(serverUrl), heldDirection, holdAfterBytes);

    /// <summary>From now on every byte passes, held ones first.</summary>
    public void Release() => _released.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        Release();
        _listener.Stop();
        lock (_lock)
        {
            foreach (var socket in _sockets)
                socket.Dispose();
        }
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping the listener ends the accept loop this way.
        }
        Task[] tasks;
        lock (_lock)
            tasks = [.. _tasks];
        await Task.WhenAll(tasks);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptSocketAsync(_stop.Token);
            lock (_lock)
            {
                _sockets.Add(client);
                _tasks.Add(RelayAsync(client));
            }
        }
    }

    private async Task RelayAsync(Socket client)
    {
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        lock (_lock)
            _sockets.Add(server);
        try
        {
            await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
            // Either direction ending (end of stream, reset) ends the connection, as the peer's death would.
            var upstream = PumpAsync(client, server, _heldDirection == LinkDirection.ClientToServer);
            var downstream = PumpAsync(server, client, _heldDirection == LinkDirection.ServerToClient);
            await Task.WhenAny(upstream, downstream);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The server is down (refused) or the link is stopping: the client sees its connection closed.
        }
        finally
        {
            client.Dispose();
            server.Dispose();
        }
    }

    private async Task PumpAsync(Socket from, Socket to, bool held)
    {
        var buffer = new byte[BufferSize];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                    return;
                var now = held ? Allow(read) : read;
                await SendAllAsync(to, buffer.AsMemory(0, now));
                if (now < read)
                {
                    _holding.TrySetResult();
                    await _released.Task.WaitAsync(_stop.Token);
                    await SendAllAsync(to, buffer.AsMemory(now, read - now));
                }
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A closed or reset side ends this direction; the relay then closes both.
        }
    }

    /// <summary>How many of <paramref name="count"/> bytes in the held direction may pass before the hold.</summary>
    private int Allow(int count)
    {
        if (_released.Task.IsCompleted)
            return count;
        lock (_lock)
        {
            var allowed = (int)Math.Clamp(_holdAfterBytes - _passed, 0, count);
            _passed += allowed;
            return allowed;
        }
    }

    private async Task SendAllAsync(Socket to, ReadOnlyMemory<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var sent = await to.SendAsync(bytes, SocketFlags.None, _stop.Token);
            bytes = bytes[sent..];
        }
    }
}
