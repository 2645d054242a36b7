using System.Net;
using System.Net.Sockets;

namespace GovData.Functions.Tests.Infrastructure;

/// <summary>
/// A loopback TCP forwarder in front of an emulator, so a test can make the store unreachable (connections refused,
/// open ones cut) and bring it back on the same port, without losing the emulator's data.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly List<TcpClient> _open = [];
    private TcpListener? _listener;
    private CancellationTokenSource _cts = new();

    /// <summary>Starts forwarding from a free loopback port to <paramref name="target"/>.</summary>
    public TcpProxy(Uri target)
    {
        _target = new IPEndPoint(IPAddress.Loopback, target.Port);
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Start();
    }

    /// <summary>The port the app should connect to.</summary>
    public int Port { get; }

    /// <summary>The target URI rewritten to go through the proxy.</summary>
    public Uri Rewrite(Uri target) => new UriBuilder(target) { Port = Port }.Uri;

    /// <summary>Accepts connections again.</summary>
    public void Start()
    {
        _cts = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        _ = AcceptLoop(_listener, _cts.Token);
    }

    /// <summary>Refuses new connections and cuts the open ones, like a store that went down.</summary>
    public void Stop()
    {
        _cts.Cancel();
        _listener?.Stop();
        lock (_open)
        {
            foreach (var c in _open) c.Dispose();
            _open.Clear();
        }
    }

    private async Task AcceptLoop(TcpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient inbound;
            try { inbound = await listener.AcceptTcpClientAsync(ct); }
            catch (Exception) { return; }
            var outbound = new TcpClient();
            try { await outbound.ConnectAsync(_target, ct); }
            catch (Exception) { inbound.Dispose(); outbound.Dispose(); continue; }
            lock (_open) { _open.Add(inbound); _open.Add(outbound); }
            _ = Pump(inbound.GetStream(), outbound.GetStream(), inbound, outbound, ct);
            _ = Pump(outbound.GetStream(), inbound.GetStream(), outbound, inbound, ct);
        }
    }

    private static async Task Pump(NetworkStream from, NetworkStream to, TcpClient a, TcpClient b, CancellationToken ct)
    {
        try { await from.CopyToAsync(to, ct); }
        catch (Exception) { }
        finally { a.Dispose(); b.Dispose(); }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }
}
