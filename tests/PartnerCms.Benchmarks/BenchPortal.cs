using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PartnerCms.Core.Hosting;
using PartnerCms.Web;
using PartnerCms.Web.Data;

namespace PartnerCms.Benchmarks;

/// <summary>The real portal (Production, every module, the demo recipe) on a fresh SQLite file and a free loopback port.</summary>
public static class BenchPortal
{
    /// <summary>The bare baseline: Kestrel and one endpoint (GET /raw, a short string), no PartnerCms at all.</summary>
    /// <summary>What the bare server's /page sends: a page's headers (besides Date, Server, Content-Length) and body.</summary>
    public static (IReadOnlyList<(string Name, string Value)> Headers, byte[] Body) BarePage { get; set; } = ([], []);

    public static async Task<(WebApplication App, string Address)> BareKestrelAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var bare = builder.Build();
        bare.MapGet("/raw", () => "Hello from PartnerCms");

        // The same bytes and headers as a page the portal sent (BarePage, set by the benchmark): what sending that page
        // costs Kestrel alone, so that a page's ratio to /raw can be split into its size and the portal's own work.
        bare.MapGet("/page", context =>
        {
            var (headers, body) = BarePage;
            foreach (var (name, value) in headers)
            {
                context.Response.Headers[name] = value;
            }

            context.Response.ContentLength = body.Length;
            return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
        });
        await bare.StartAsync();
        return (bare, bare.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public static async Task<(WebApplication App, string Address)> StartAsync(string database, IReadOnlyDictionary<string, string?>? settings = null)
    {
        // ApplicationName: the portal's own views (the layouts' _ViewStart) are found through the entry application's parts.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ApplicationName = "PartnerCms.Web" });
        builder.Configuration["Database:ConnectionString"] = $"Data Source={database}";
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.Configuration[key] = value;
        }

        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddPartnerCms<SqlitePartnerCmsDbContext, PostgresPartnerCmsDbContext>(InstalledModules.All);
        var app = builder.Build();
        app.UsePartnerCms();
        await app.StartAsync();
        return (app, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }
}
