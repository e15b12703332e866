using System.Net;
using System.Net.Sockets;

namespace PartnerCms.Core.Net;

/// <summary>Resolves host names for outgoing requests (DNS; replaceable to test a name that resolves to a private address).</summary>
public interface IHostAddressResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

public sealed class DnsHostAddressResolver : IHostAddressResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) => Dns.GetHostAddressesAsync(host, cancellationToken);
}

/// <summary>
/// Keeps requests the portal makes for its users (workflow HTTP requests, webhooks) off its own network: checks URLs when
/// they are saved, and every address a name resolves to when connecting (so a name that later resolves to a private
/// address is refused too). <paramref name="allowPrivateAddresses"/> is the operator's switch of the feature using it.
/// </summary>
public sealed class OutboundAddressGuard(Func<bool> allowPrivateAddresses, IHostAddressResolver resolver)
{
    public string? CheckUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > 2000 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return "give an absolute http or https URL.";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "a URL with a user name or password is not allowed.";
        }

        return IPAddress.TryParse(uri.DnsSafeHost, out var address) && !IsAllowed(address)
            ? $"{address} is a loopback, private, link-local or other special-purpose address; requests there are refused."
            : uri.IsLoopback && !allowPrivateAddresses() ? $"{uri.Host} is this machine; requests there are refused." : null;
    }

    /// <summary>
    /// IANA's special-purpose IPv4 ranges (this network, private, shared, loopback, link-local, protocol assignments,
    /// documentation, 6to4 relay, benchmarking, multicast, reserved, broadcast) and the cloud hosts' service address that
    /// answers every virtual machine (168.63.129.16).
    /// </summary>
    private static readonly IPNetwork[] RefusedV4 = [.. new[]
    {
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24",
        "192.31.196.0/24", "192.52.193.0/24", "192.88.99.0/24", "192.168.0.0/16", "192.175.48.0/24", "198.18.0.0/15", "198.51.100.0/24",
        "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4", "168.63.129.16/32",
    }.Select(n => IPNetwork.Parse(n))];

    /// <summary>Global unicast IPv6 is 2000::/3; within it, IANA's special-purpose blocks (protocol assignments and Teredo, documentation, 6to4).</summary>
    private static readonly IPNetwork GlobalUnicastV6 = IPNetwork.Parse("2000::/3");

    private static readonly IPNetwork[] RefusedV6 = [.. new[] { "2001::/23", "2001:db8::/32", "2002::/16", "3fff::/20" }.Select(n => IPNetwork.Parse(n))];

    /// <summary>
    /// Whether a request may go to this address: a public one only, unless the operator allows private addresses. IPv6
    /// outside global unicast is refused whole — which takes in every form that embeds an IPv4 address (IPv4-mapped and
    /// translated ::ffff:…, NAT64 64:ff9b::, 6to4 2002::, Teredo) — except an IPv4-mapped one, judged as the IPv4 it maps.
    /// </summary>
    public bool IsAllowed(IPAddress address)
    {
        if (allowPrivateAddresses())
        {
            return true;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => !RefusedV4.Any(n => n.Contains(address)),
            AddressFamily.InterNetworkV6 => GlobalUnicastV6.Contains(address) && !RefusedV6.Any(n => n.Contains(address)),
            _ => false,
        };
    }

    /// <summary>The connection callback: resolves the name, refuses disallowed addresses, connects to an allowed one.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(context.DnsEndPoint.Host, out var literal) ? [literal] : await resolver.ResolveAsync(context.DnsEndPoint.Host, cancellationToken);
        var allowed = addresses.Where(IsAllowed).ToList();
        if (allowed.Count == 0 || allowed.Count != addresses.Length)
        {
            throw new HttpRequestException($"{context.DnsEndPoint.Host} resolves to a loopback, private, link-local or other special-purpose address; the request was refused.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed.Select(a => new IPEndPoint(a, context.DnsEndPoint.Port)).First(), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
