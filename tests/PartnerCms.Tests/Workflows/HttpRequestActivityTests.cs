using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Data;
using PartnerCms.Core.Net;
using PartnerCms.Tests.Infrastructure;
using PartnerCms.Workflows.Activities;
using PartnerCms.Workflows.Models;
using PartnerCms.Workflows.Services;
using static PartnerCms.Tests.Infrastructure.OfferSteps;
using HttpRequest = PartnerCms.Workflows.Activities.HttpRequest;

namespace PartnerCms.Tests.Workflows;

/// <summary>
/// The HTTP request activity against a real HTTP server on loopback: the body and a signature the receiver can verify
/// with the organization's secret when the operator allows private addresses; refused (at save, and at connect for a
/// name that resolves to loopback) when not.
/// </summary>
[Trait("Area", "Workflows")]
public sealed class HttpRequestActivityTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<(string Body, string? Timestamp, string? Signature)> _received = new();
    private WebApplication? _receiver;
    private int _port;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _receiver = builder.Build();
        _receiver.MapPost("/hook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            _received.Enqueue((await reader.ReadToEndAsync(), context.Request.Headers[HttpRequest.TimestampHeader], context.Request.Headers[HttpRequest.SignatureHeader]));
            return Results.Ok();
        });
        await _receiver.StartAsync();
        _port = new Uri(_receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
    }

    public async Task DisposeAsync()
    {
        if (_receiver is not null)
        {
            await _receiver.DisposeAsync();
        }
    }

    private static string Definition(string url) => JsonSerializer.Serialize(new
    {
        activities = new object[]
        {
            new { id = "created", type = "OfferCreated", start = true },
            new { id = "post", type = "HttpRequest", settings = new { url, body = "{ \"quote\": \"{{ event.quoteId }}\", \"by\": \"{{ event.createdBy }}\" }", timeoutSeconds = 5, retries = 0 } },
        },
        transitions = new[] { new { from = "created", outcome = "Done", to = "post" } },
    });

    private static async Task<HttpResponseMessage> ImportAsync(PartnerCmsSite site, PortalClient admin, string name, string json)
    {
        await site.DeliverEventsAsync();
        var imported = await admin.PostFormAsync("/partner/workflows/import", new Dictionary<string, string> { ["name"] = name, ["json"] = json }, "/partner/workflows");
        if (imported.StatusCode == HttpStatusCode.Redirect)
        {
            await admin.PostFormAsync(imported.Headers.Location!.OriginalString + "/enable", new Dictionary<string, string>(), "/partner/workflows");
        }

        return imported;
    }

    [Fact]
    public async Task The_request_carries_the_rendered_body_and_a_signature_the_receiver_verifies_with_the_organizations_secret()
    {
        await using var site = new PartnerCmsSite(TestDatabase.Sqlite, new Dictionary<string, string?> { ["Workflows:Http:AllowPrivateAddresses"] = "true" });
        using var admin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        var imported = await ImportAsync(site, admin, "Tell the CRM", Definition($"http://127.0.0.1:{_port}/hook"));
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var quoteId = await CreateOfferAsync(sales, "purchase", "US", await OfficeAsync(site, "contoso-partners", "RED-001"), [("INTUNE-P1", 1)]);
        await site.DeliverEventsAsync();

        var (body, timestamp, signature) = Assert.Single(_received);
        var secret = await site.AsSystemAsync(sp => sp.GetRequiredService<WorkflowSigningSecrets>().SecretOfAsync("contoso-partners"));
        var journal = await site.AsSystemAsync(async sp =>
        {
            var db = sp.GetRequiredService<PartnerCmsDbContext>();
            var instance = await db.Set<WorkflowInstance>().Where(i => db.Set<WorkflowType>().Any(t => t.Id == i.WorkflowTypeId && t.Name == "Tell the CRM")).SingleAsync();
            return (instance.Status, await sp.GetRequiredService<WorkflowRunner>().JournalAsync(instance.Id));
        });
        var (_, page) = await admin.GetPageAsync("/partner/workflows");

        Assert.Equal(HttpStatusCode.Redirect, imported.StatusCode);
        Assert.Equal(quoteId, JsonDocument.Parse(body).RootElement.GetProperty("quote").GetString());
        Assert.Equal("sha256=" + HttpRequest.Sign(secret, timestamp!, body), signature);
        Assert.NotEqual("sha256=" + HttpRequest.Sign(secret + "x", timestamp!, body), signature);
        Assert.Equal(WorkflowStatus.Finished, journal.Status);
        Assert.Equal("Done", journal.Item2[^1].Outcome);
        Assert.Contains("\"status\": 200", journal.Item2[^1].Input);
        Assert.Contains(secret, page);
    }

    [Fact]
    public async Task Loopback_and_private_addresses_are_refused_when_saving_and_when_a_name_resolves_to_one()
    {
        // crm.partner.example resolves to this machine (as a name an attacker points at 127.0.0.1 would).
        await using var site = new PartnerCmsSite(TestDatabase.Sqlite, services: s => s.AddSingleton<IHostAddressResolver>(new FixedResolver(IPAddress.Loopback)));
        using var admin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        var literal = await ImportAsync(site, admin, "To loopback", Definition($"http://127.0.0.1:{_port}/hook"));
        var privateNet = await ImportAsync(site, admin, "To the LAN", Definition("http://10.1.2.3/hook"));
        var metadata = await ImportAsync(site, admin, "To metadata", Definition("http://169.254.169.254/latest"));
        var named = await ImportAsync(site, admin, "To a name", Definition($"http://crm.partner.example:{_port}/hook"));
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        await CreateOfferAsync(sales, "purchase", "US", await OfficeAsync(site, "contoso-partners", "RED-001"), [("INTUNE-P1", 1)]);
        await site.DeliverEventsAsync();
        var last = await site.AsSystemAsync(async sp =>
        {
            var db = sp.GetRequiredService<PartnerCmsDbContext>();
            var instances = await db.Set<WorkflowInstance>().Where(i => db.Set<WorkflowType>().Any(t => t.Id == i.WorkflowTypeId && t.Name == "To a name")).ToListAsync();
            return instances.Count == 0 ? null : (await sp.GetRequiredService<WorkflowRunner>().JournalAsync(instances[0].Id))[^1];
        });

        Assert.Equal(HttpStatusCode.BadRequest, literal.StatusCode);
        Assert.Contains("loopback, private, link-local or other special-purpose", WebUtility.HtmlDecode(await literal.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.BadRequest, privateNet.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, metadata.StatusCode);
        // A name is saved (its address may change), and refused when it resolves to loopback; the workflow goes on to Failed.
        Assert.Equal(HttpStatusCode.Redirect, named.StatusCode);
        Assert.NotNull(last);
        Assert.Equal("Failed", last!.Outcome);
        Assert.Contains("resolves to a loopback, private, link-local or other special-purpose address", last.Input);
        Assert.Empty(_received);
    }

    [Theory]
    [Trait("Area", "Hardening")]
    [InlineData("168.63.129.16")]
    [InlineData("::ffff:0:127.0.0.1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("64:ff9b::a00:1")]
    [InlineData("64:ff9b::7f00:1")]
    [InlineData("64:ff9b:1::a00:1")]
    [InlineData("2002:a00:1::1")]
    [InlineData("2002:7f00:1::1")]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2")]
    [InlineData("2001:db8::1")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("::127.0.0.1")]
    [InlineData("fe80::1")]
    [InlineData("fd00:ec2::254")]
    [InlineData("ff02::1")]
    [InlineData("100::1")]
    [InlineData("0.0.0.0")]
    [InlineData("100.100.100.200")]
    [InlineData("192.0.0.170")]
    [InlineData("198.18.0.1")]
    [InlineData("203.0.113.9")]
    [InlineData("240.0.0.1")]
    [InlineData("255.255.255.255")]
    public async Task Every_special_purpose_address_and_embedded_IPv4_form_is_refused_at_save_and_at_connect(string address)
    {
        var guard = new OutboundAddressGuard(() => false, new FixedResolver(IPAddress.Parse(address)));
        var literal = address.Contains(':', StringComparison.Ordinal) ? $"http://[{address}]/hook" : $"http://{address}/hook";

        Assert.False(guard.IsAllowed(IPAddress.Parse(address)));
        Assert.NotNull(guard.CheckUrl(literal));
        // A name that resolves to it is refused when connecting (the check the activity's client makes).
        using var client = new HttpClient(new SocketsHttpHandler { ConnectCallback = guard.ConnectAsync });
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("http://crm.partner.example/hook"));
        Assert.Contains("special-purpose", refused.Message, StringComparison.Ordinal);

        // The operator may allow private addresses (a partner's own network behind the portal).
        Assert.True(new OutboundAddressGuard(() => true, new FixedResolver(IPAddress.Loopback)).IsAllowed(IPAddress.Parse(address)));
    }

    [Theory]
    [Trait("Area", "Hardening")]
    [InlineData("93.184.215.14")]
    [InlineData("8.8.8.8")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("2606:4700:4700::1111")]
    public void Public_addresses_are_allowed(string address) =>
        Assert.True(new OutboundAddressGuard(() => false, new FixedResolver(IPAddress.Loopback)).IsAllowed(IPAddress.Parse(address)));

    private sealed class FixedResolver(IPAddress address) : IHostAddressResolver
    {
        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) => Task.FromResult(new[] { address });
    }
}
