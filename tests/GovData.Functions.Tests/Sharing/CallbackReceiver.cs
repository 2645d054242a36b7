using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GovData.Functions.Tests.Sharing;

/// <summary>A real HTTP receiver on loopback for callback deliveries: records every request and answers per a script.</summary>
internal sealed class CallbackReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<int, int> _status;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _loop;

    public sealed record Received(TimeSpan At, string Body, IReadOnlyDictionary<string, string?> Headers, int Answered);

    public ConcurrentQueue<Received> Requests { get; } = new();
    public string Url { get; }

    /// <param name="status">The status for the n-th request (1-based).</param>
    public CallbackReceiver(Func<int, int>? status = null)
    {
        _status = status ?? (_ => 200);
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}/hooks/govdata/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private async Task LoopAsync()
    {
        var n = 0;
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try { ctx = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            using var reader = new StreamReader(ctx.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            var status = _status(Interlocked.Increment(ref n));
            Requests.Enqueue(new Received(_clock.Elapsed, body,
                ctx.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => ctx.Request.Headers[k], StringComparer.OrdinalIgnoreCase), status));
            ctx.Response.StatusCode = status;
            ctx.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try { _loop.Wait(TimeSpan.FromSeconds(2)); } catch (AggregateException) { }
    }
}
