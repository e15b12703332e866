using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace PartnerCms.Core.Hosting;

/// <summary>The client address and scheme behind a reverse proxy.</summary>
public static partial class PartnerCmsBuilderExtensions
{
    /// <summary>
    /// Behind a reverse proxy the client's address and scheme come from X-Forwarded-For/-Proto, trusted only from the
    /// proxies named in ForwardedHeaders:KnownProxies (addresses) or ForwardedHeaders:KnownNetworks (CIDR). With neither
    /// set the headers are ignored, so a client cannot choose its own address (and its own rate-limit bucket).
    /// </summary>
    private static void AddForwardedHeaders(IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("ForwardedHeaders");
        var proxies = section.GetSection("KnownProxies").Get<string[]>() ?? [];
        var networks = section.GetSection("KnownNetworks").Get<string[]>() ?? [];
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = section.GetValue("ForwardLimit", 1);
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(System.Net.IPAddress.TryParse(proxy, out var address)
                    ? address
                    : throw new InvalidOperationException($"ForwardedHeaders:KnownProxies has '{proxy}', which is not an IP address."));
            }

            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed)
                    ? parsed
                    : throw new InvalidOperationException($"ForwardedHeaders:KnownNetworks has '{network}', which is not a network such as 10.0.0.0/8."));
            }
        });
        services.AddSingleton(new ForwardedHeadersSwitch(proxies.Length + networks.Length > 0));
    }

    private sealed record ForwardedHeadersSwitch(bool Enabled);
}
