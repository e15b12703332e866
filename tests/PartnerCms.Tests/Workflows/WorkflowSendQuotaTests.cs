using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Data;
using PartnerCms.Notifications.Services;
using PartnerCms.Tests.Infrastructure;
using PartnerCms.Workflows.Abstractions;
using PartnerCms.Workflows.Models;
using PartnerCms.Workflows.Services;
using static PartnerCms.Tests.Infrastructure.OfferSteps;

namespace PartnerCms.Tests.Workflows;

/// <summary>
/// Whatever a workflow sends has a quota, as mail does: an HTTP request step or a notification step looping to itself
/// ends at the limit per run, the organization's hourly budget is shared by its runs (counted in the database, so every
/// node sees it), the run is faulted with the reason, and the global administrators are told once.
/// </summary>
[Trait("Area", "Hardening")]
public abstract class WorkflowSendQuotaTests(TestDatabase database) : IAsyncLifetime
{
    private const string Contoso = "contoso-partners";
    private int _received;
    private WebApplication? _receiver;
    private int _port;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _receiver = builder.Build();
        _receiver.MapPost("/hook", () =>
        {
            Interlocked.Increment(ref _received);
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

    private static string Loop(string type, object settings) => JsonSerializer.Serialize(new
    {
        activities = new object[]
        {
            new { id = "created", type = "OfferCreated", start = true },
            new { id = "again", type, settings },
        },
        transitions = new[] { new { from = "created", outcome = "Done", to = "again" }, new { from = "again", outcome = "Done", to = "again" } },
    });

    private static Task<List<WorkflowInstance>> RunsAsync(PartnerCmsSite site, string workflow) => site.AsSystemAsync(sp =>
        sp.GetRequiredService<PartnerCmsDbContext>().Set<WorkflowInstance>().IgnoreQueryFilters().AsNoTracking().Where(i => i.WorkflowTypeId == workflow).OrderBy(i => i.CreatedUtc).ToListAsync());

    private static Task<List<Notification>> NotificationsAsync(PartnerCmsSite site, string source) => site.AsSystemAsync(sp =>
        sp.GetRequiredService<PartnerCmsDbContext>().Set<Notification>().IgnoreQueryFilters().AsNoTracking().Where(n => n.Source == source).ToListAsync());

    private static async Task NewOfferAsync(PartnerCmsSite site, PortalClient sales)
    {
        await CreateOfferAsync(sales, "purchase", "US", await OfficeAsync(site, Contoso, "RED-001"), [("INTUNE-P1", 5)]);
        await site.DeliverEventsAsync();
    }

    [Fact]
    public async Task An_http_request_looping_to_itself_stops_at_the_limit_per_run_and_the_hourly_budget_is_shared_by_the_organizations_runs()
    {
        await using var site = new PartnerCmsSite(database, new Dictionary<string, string?>
        {
            ["Workflows:Http:AllowPrivateAddresses"] = "true",
            ["Workflows:Limits:HttpRequestsPerRun"] = "10",
            ["Workflows:Limits:HttpRequestsPerHour"] = "15",
        });
        await site.DeliverEventsAsync();
        using var admin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        var workflow = await WorkflowTestSteps.ImportEnabledAsync(admin, "Flood",
            Loop("HttpRequest", new { url = $"http://127.0.0.1:{_port}/hook", body = "{ \"quote\": \"{{ event.quoteId }}\" }", timeoutSeconds = 5, retries = 0 }));
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);

        await NewOfferAsync(site, sales);
        await NewOfferAsync(site, sales);

        var runs = await RunsAsync(site, workflow);
        var notices = await NotificationsAsync(site, WorkflowSendQuota.NoticeSource);
        var counted = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<WorkflowSendCount>().IgnoreQueryFilters().Where(c => c.OrganizationId == Contoso && c.Channel == WorkflowSendChannels.Http).SumAsync(c => c.Count));
        var (_, page) = await admin.GetPageAsync("/partner/workflows");

        Assert.Equal(15, _received);
        Assert.Equal(15, counted);
        Assert.Equal(2, runs.Count);
        Assert.All(runs, run => Assert.Equal(WorkflowStatus.Faulted, run.Status));
        Assert.Contains("the limit per run is 10", runs[0].Fault, StringComparison.Ordinal);
        Assert.Contains("the limit per hour is 15", runs[1].Fault, StringComparison.Ordinal);
        // Told once, the global administrators only, with the run to look at.
        var notice = Assert.Single(notices);
        Assert.Equal(await site.UserIdAsync(DemoUsers.ContosoAdmin.UserName), notice.UserId);
        Assert.Contains("/partner/workflows/instances/" + runs[0].Id, notice.Link, StringComparison.Ordinal);
        // The partner sees the limits on its workflows page.
        Assert.Contains(new AngleSharp.Html.Parser.HtmlParser().ParseDocument(page).QuerySelectorAll("[data-testid='workflow-limits']"),
            e => e.TextContent.StartsWith("HTTP requests: at most 10 per run, 15 per hour", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_notification_step_looping_to_itself_stops_at_the_limit_per_run()
    {
        await using var site = new PartnerCmsSite(database, new Dictionary<string, string?> { ["Workflows:Limits:NotificationsPerRun"] = "5" });
        await site.DeliverEventsAsync();
        using var admin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        var workflow = await WorkflowTestSteps.ImportEnabledAsync(admin, "Nag", Loop("NotifyUsers", new { users = "{{ event.createdBy }}", title = "Offer {{ event.quoteId }}" }));
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);

        await NewOfferAsync(site, sales);

        var run = Assert.Single(await RunsAsync(site, workflow));
        var sent = await NotificationsAsync(site, "Workflow " + workflow);
        Assert.Equal(WorkflowStatus.Faulted, run.Status);
        Assert.Contains("notifications; the limit per run is 5", run.Fault, StringComparison.Ordinal);
        Assert.Equal(5, sent.Count);
    }
}

public sealed class WorkflowSendQuotaTestsOnSqlite() : WorkflowSendQuotaTests(TestDatabase.Sqlite);

public sealed class WorkflowSendQuotaTestsOnPostgres() : WorkflowSendQuotaTests(TestDatabase.Postgres);
