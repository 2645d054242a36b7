using System.Net;
using System.Net.Sockets;
using GovData.Domain;
using GovData.Domain.Sharing.Callbacks;
using Microsoft.Extensions.Options;

namespace GovData.Functions.Sharing.Callbacks;

/// <summary>A callback address the platform may not reach.</summary>
public sealed class CallbackAddressRefusedException(string reason) : Exception(reason);

/// <summary>
/// Applies <see cref="CallbackAddressPolicy"/> with the addresses DNS gives now: when a URL is registered, and again at every
/// connection of a delivery (the connection goes to the address just checked, so a DNS answer that changes between the check
/// and the connect, DNS rebinding, cannot slip an internal address in).
/// </summary>
public sealed class CallbackTargetGuard(IHostAddressResolver resolver, IOptions<CallbackOptions> options, IHostEnvironment environment)
{
    /// <summary>Whether loopback targets are allowed here (Development by default).</summary>
    public bool AllowLoopback { get; } = options.Value.AllowLoopback ?? environment.IsDevelopment();

    /// <summary>Checks a URL a department wants to register: its form, and every address its host resolves to.</summary>
    public async Task<(Uri? Url, IReadOnlyList<ValidationError> Errors)> CheckAsync(string? url, CancellationToken ct)
    {
        var errors = CallbackAddressPolicy.CheckUrl(url, AllowLoopback, out var uri);
        if (errors.Count > 0) return (null, errors);
        try
        {
            await AddressesAsync(uri!.IdnHost, ct);
        }
        catch (CallbackAddressRefusedException e) { return (null, [new ValidationError("url", e.Message)]); }
        catch (SocketException e) { return (null, [new ValidationError("url", $"host {uri!.IdnHost} does not resolve ({e.SocketErrorCode})")]); }
        return (uri, []);
    }

    /// <summary>The addresses of <paramref name="host"/>, all of them allowed; throws <see cref="CallbackAddressRefusedException"/> if any is not.</summary>
    public async Task<IPAddress[]> AddressesAsync(string host, CancellationToken ct)
    {
        var bare = host.Trim('[', ']');
        if (CallbackAddressPolicy.IsLoopbackName(bare))
        {
            if (!AllowLoopback) throw new CallbackAddressRefusedException($"host {host} is loopback");
            return [IPAddress.Loopback, IPAddress.IPv6Loopback];
        }
        var addresses = await resolver.ResolveAsync(bare, ct);
        if (addresses.Length == 0) throw new CallbackAddressRefusedException($"host {host} has no addresses");
        // One bad address refuses the host: a name that also points inside the platform is not a department's receiver.
        foreach (var a in addresses)
            if (CallbackAddressPolicy.CheckAddress(a, AllowLoopback) is { } reason)
                throw new CallbackAddressRefusedException($"host {host} resolves to {a}, which {reason}");
        return addresses;
    }

    /// <summary>The connect step of the delivery client: resolve, check, and connect to a checked address only.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var addresses = await AddressesAsync(context.DnsEndPoint.Host, ct);
        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw last ?? new SocketException((int)SocketError.HostUnreachable);
    }
}
