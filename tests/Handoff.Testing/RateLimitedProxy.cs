using System.Net;
using System.Net.Sockets;

namespace Handoff.Testing;

/// <summary>
/// A TCP relay to a server on this machine whose client-to-server direction is paced to <see cref="BytesPerSecond"/>
/// (shared by every connection, as one slow link): a clinic's thin uplink. The rate can change while transfers run
/// (the link recovers); null lets bytes through as fast as they come. Only bytes are relayed: HTTP/2 and gRPC pass
/// untouched, and the sender's own flow control backs up behind the pacing, as it would behind a slow link.
/// </summary>
public sealed class RateLimitedProxy : IAsyncDisposable
{
    /// <summary>Bytes paced at a time: small enough that a change of rate takes effect within a fraction of a second.</summary>
    private const int Slice = 4 * 1024;

    private readonly TcpListener _listener;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _sockets = [];
    private readonly List<Task> _tasks = [];
    private readonly Lock _lock = new();
    private readonly Task _accepting;
    private long? _bytesPerSecond;
    private DateTimeOffset _nextFree = DateTimeOffset.MinValue;
    private long _passed;

    private RateLimitedProxy(int targetPort, long? bytesPerSecond)
    {
        BytesPerSecond = bytesPerSecond;
        _targetPort = targetPort;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _accepting = AcceptAsync();
    }

    /// <summary>Where clients connect instead of the server.</summary>
    public string Url { get; }

    /// <summary>Bytes that went from clients to the server so far.</summary>
    public long BytesPassed => Interlocked.Read(ref _passed);

    /// <summary>The client-to-server rate; null for no limit. Takes effect from the next slice.</summary>
    public long? BytesPerSecond
    {
        get { lock (_lock) return _bytesPerSecond; }
        set
        {
            if (value is <= 0)
                throw new ArgumentOutOfRangeException(nameof(value), value, "a rate must be positive (null: no limit)");
            lock (_lock)
            {
                _bytesPerSecond = value;
                _nextFree = DateTimeOffset.UtcNow; // no credit or debt carried over from the old rate
            }
        }
    }

    /// <summary>Relays to the server at <paramref name="serverUrl"/> (on this machine) at <paramref name="bytesPerSecond"/> upstream.</summary>
    public static RateLimitedProxy To(string serverUrl, long? bytesPerSecond) => new(new Uri(serverUrl).Port, bytesPerSecond);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_lock)
        {
            foreach (var socket in _sockets)
                socket.Dispose();
        }
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
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
            await Task.WhenAny(PumpAsync(client, server, paced: true), PumpAsync(server, client, paced: false));
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The server is down or the proxy is stopping: the client sees its connection closed.
        }
        finally
        {
            client.Dispose();
            server.Dispose();
        }
    }

    private async Task PumpAsync(Socket from, Socket to, bool paced)
    {
        // A small receive buffer when paced: reading far ahead of the pace would hide the slow link from the sender.
        var buffer = new byte[paced ? Slice : 64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                    return;
                if (paced)
                {
                    await WaitForTurnAsync(read);
                    Interlocked.Add(ref _passed, read);
                }
                var bytes = buffer.AsMemory(0, read);
                while (!bytes.IsEmpty)
                    bytes = bytes[await to.SendAsync(bytes, SocketFlags.None, _stop.Token)..];
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A closed or reset side ends this direction; the relay then closes both.
        }
    }

    /// <summary>Waits until <paramref name="count"/> more bytes fit the rate on the shared link.</summary>
    private async Task WaitForTurnAsync(int count)
    {
        DateTimeOffset start;
        lock (_lock)
        {
            if (_bytesPerSecond is not { } rate)
                return;
            var now = DateTimeOffset.UtcNow;
            start = _nextFree > now ? _nextFree : now;
            _nextFree = start + TimeSpan.FromSeconds((double)count / rate);
        }
        var wait = start - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait, _stop.Token); // the link's pace itself, not a test waiting for something
    }
}
