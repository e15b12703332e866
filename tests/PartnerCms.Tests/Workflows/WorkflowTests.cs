using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Accounts;
using PartnerCms.Core.Data;
using PartnerCms.Core.Events;
using PartnerCms.Core.Security;
using PartnerCms.Mail.Models;
using PartnerCms.Tests.Infrastructure;
using PartnerCms.Workflows.Abstractions;
using PartnerCms.Workflows.Models;
using PartnerCms.Workflows.Services;
using static PartnerCms.Tests.Infrastructure.OfferSteps;

namespace PartnerCms.Tests.Workflows;

/// <summary>
/// The workflow engine from the outside: events delivered from the outbox start the organization's enabled workflows
/// and resume halted instances by correlation id; outcomes, variables, conditions and timers; versions; the journal;
/// the demo workflow's e-mail reaching a real SMTP server. SQLite and PostgreSQL.
/// </summary>
[Trait("Area", "Workflows")]
public abstract class WorkflowTests(TestDatabase database)
{
    private const string Contoso = "contoso-partners";

    private static Task<List<WorkflowInstance>> InstancesAsync(PartnerCmsSite site, string? organizationId = Contoso) => site.AsSystemAsync(sp =>
        sp.GetRequiredService<PartnerCmsDbContext>().Set<WorkflowInstance>().AsNoTracking().Where(i => organizationId == null || i.OrganizationId == organizationId).OrderBy(i => i.CreatedUtc).ToListAsync());

    private static Task<List<WorkflowJournalEntry>> JournalAsync(PartnerCmsSite site, string instanceId) =>
        site.AsSystemAsync(sp => sp.GetRequiredService<WorkflowRunner>().JournalAsync(instanceId));

    /// <summary>Imports a workflow as Contoso's global administrator (through the page) and enables it; returns its id.</summary>
    private static async Task<string> ImportAsync(PartnerCmsSite site, string name, object definition)
    {
        // Events raised before (the demo recipe's offer) are delivered first: the new workflow sees only what the test does.
        await site.DeliverEventsAsync();
        using var admin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        var imported = await admin.PostFormAsync("/partner/workflows/import", new Dictionary<string, string> { ["name"] = name, ["json"] = JsonSerializer.Serialize(definition) }, "/partner/workflows");
        Assert.True(imported.StatusCode == HttpStatusCode.Redirect, $"Not imported: {(int)imported.StatusCode} {WebUtility.HtmlDecode(await imported.Content.ReadAsStringAsync())}");
        var id = imported.Headers.Location!.OriginalString.Split('/').Last();
        var enabled = await admin.PostFormAsync($"/partner/workflows/{id}/enable", new Dictionary<string, string>(), "/partner/workflows");
        Assert.Equal(HttpStatusCode.Redirect, enabled.StatusCode);
        return id;
    }

    /// <summary>Waits until no mail is queued; returns the mails sent.</summary>
    private static async Task<List<OutgoingMail>> WaitForMailAsync(PartnerCmsSite site)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var mails = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<OutgoingMail>().IgnoreQueryFilters().AsNoTracking().ToListAsync());
            if (mails.All(m => m.Status != MailStatus.Queued) || DateTime.UtcNow > deadline)
            {
                return mails.Where(m => m.Status == MailStatus.Sent).ToList();
            }

            await Task.Delay(100);
        }
    }

    private static object Node(string id, string type, object? settings = null, bool start = false) => new { id, type, start, settings = settings ?? new { } };

    private static object Edge(string from, string outcome, string to) => new { from, outcome, to };

    private static async Task<string> NewPurchaseOfferAsync(PartnerCmsSite site, PortalClient sales) =>
        await CreateOfferAsync(sales, "purchase", "US", await OfficeAsync(site, Contoso, "RED-001"), [("INTUNE-P1", 5)]);

    [Fact]
    public async Task An_accepted_offer_runs_the_demo_workflow_whose_mails_reach_a_real_SMTP_server_and_the_journal_shows_each_step()
    {
        await using var smtp = new SmtpTestServer();
        await smtp.StartAsync();
        await using var site = new PartnerCmsSite(database, smtp.Settings());
        // Whatever the start-up delivers first (nothing the demo workflows start: their events came before them) goes first.
        await site.DeliverEventsAsync();
        await WaitForMailAsync(site);
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var quoteId = await NewPurchaseOfferAsync(site, sales);
        using var visitor = site.Anonymous();
        var accepted = await SignUpAsync(visitor, await LinkPathAsync(sales, quoteId), NewDomain(), new() { ["INTUNE-P1"] = 4 });
        await site.DeliverEventsAsync();

        // Wait for this offer's mail itself: other mail (the demo's expiry notices) may arrive at any moment.
        var messages = (await smtp.WaitForAsync(1, m => (m.Subject ?? "").Contains(quoteId, StringComparison.Ordinal) || (m.TextBody ?? "").Contains(quoteId, StringComparison.Ordinal))).ToList();
        var welcomeType = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<WorkflowType>().Where(t => t.Name == "Welcome new customers").Select(t => t.Id).SingleAsync());
        var instance = Assert.Single(await InstancesAsync(site), i => i.WorkflowTypeId == welcomeType);
        var journal = await JournalAsync(site, instance.Id);
        using var admin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        var (status, page) = await admin.GetPageAsync($"/partner/workflows/instances/{instance.Id}");
        var (_, salesTopbar) = await sales.GetPageAsync("/partner");
        var (_, salesNotifications) = await sales.GetPageAsync("/notifications");
        var notificationId = System.Text.RegularExpressions.Regex.Match(salesNotifications, "data-notification=\"(\\d+)\"").Groups[1].Value;
        using var marketing = await site.SignInAsync(DemoUsers.ContosoMarketing);
        var (_, marketingTopbar) = await marketing.GetPageAsync("/partner");
        var marketingOpens = await marketing.PostFormAsync($"/notifications/{notificationId}/open", new Dictionary<string, string>(), "/notifications");
        var salesOpens = await sales.PostFormAsync($"/notifications/{notificationId}/open", new Dictionary<string, string>(), "/notifications");
        var (_, salesTopbarAfter) = await sales.GetPageAsync("/partner");

        Assert.Equal(HttpStatusCode.OK, accepted.Status);
        var welcome = Assert.Single(messages, m => m.To.Mailboxes.Any(a => a.Address == "admin@" + accepted.Domain));
        Assert.Equal($"Welcome to Contoso Partners: offer {quoteId}", welcome.Subject);
        Assert.Contains("Microsoft Intune Plan 1: 4 licences", welcome.TextBody);
        // The sales users get a notification in the portal (with its unread count in the top bar), marketing does not.
        Assert.Equal("1", HtmlPage.Text(salesTopbar, "[data-testid='notifications-badge']"));
        Assert.Contains($"admin@{accepted.Domain} accepted offer {quoteId} (4 licences)", WebUtility.HtmlDecode(salesNotifications));
        Assert.DoesNotContain("notifications-badge", marketingTopbar);
        Assert.Equal(HttpStatusCode.NotFound, marketingOpens.StatusCode);
        Assert.Equal($"/partner/commerce?QuoteId={quoteId}", salesOpens.Headers.Location?.OriginalString);
        Assert.DoesNotContain("notifications-badge", salesTopbarAfter);
        Assert.Equal(WorkflowStatus.Finished, instance.Status);
        Assert.Equal(["accepted", "welcome", "tell-sales"], journal.Select(j => j.ActivityId));
        Assert.All(journal, j => Assert.Equal("Done", j.Outcome));
        Assert.Contains(quoteId, journal[1].Input);
        Assert.Equal(HttpStatusCode.OK, status);
        HtmlPage.AssertHas(page, "[data-activity='tell-sales']");
    }

    [Fact]
    public async Task Conditions_variables_and_outcomes_choose_the_path_and_another_partners_workflow_never_sees_the_event()
    {
        await using var site = new PartnerCmsSite(database);
        await site.RunRecipeAsync("second-partner.recipe.json");
        await ImportAsync(site, "Big purchase offers", new
        {
            activities = new[]
            {
                Node("created", "OfferCreated", start: true),
                Node("purchase", "IfElse", new { condition = "event.kind == \"PurchaseOffer\"" }),
                Node("remember", "SetVariable", new { name = "label", value = "Purchase {{ event.quoteId }}" }),
                Node("log-yes", "Log", new { message = "{{ variables.label }} by {{ event.createdBy }}" }),
                Node("log-no", "Log", new { message = "Not a purchase offer" }),
            },
            transitions = new[] { Edge("created", "Done", "purchase"), Edge("purchase", "True", "remember"), Edge("remember", "Done", "log-yes"), Edge("purchase", "False", "log-no") },
        });
        await site.AsSystemAsync(sp => sp.GetRequiredService<WorkflowDefinitionStore>().SaveAsync("woodgrove-partners", null, "Woodgrove's own", new WorkflowDefinition
        {
            Activities = [new ActivityNode { Id = "created", Type = "OfferCreated", Start = true }, new ActivityNode { Id = "log", Type = "Log", Settings = new() { ["message"] = "woodgrove saw {{ event.quoteId }}" } }],
            Transitions = [new Transition { From = "created", Outcome = "Done", To = "log" }],
        }, enabled: true, "test"));
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);

        var purchase = await NewPurchaseOfferAsync(site, sales);
        var trial = await CreateOfferAsync(sales, "trial", "US", await OfficeAsync(site, Contoso, "RED-001"), [("INTUNE-P1-TRIAL", 0)]);
        await site.DeliverEventsAsync();

        var instances = (await InstancesAsync(site)).Where(i => i.WorkflowTypeId != null).ToList();
        var paths = new List<string>();
        foreach (var instance in instances)
        {
            paths.Add(string.Join(">", (await JournalAsync(site, instance.Id)).Select(j => $"{j.ActivityId}:{j.Outcome}")));
        }

        var purchaseRun = (await JournalAsync(site, instances.Single(i => paths[instances.IndexOf(i)].Contains("log-yes", StringComparison.Ordinal)).Id)).Last();
        Assert.Equal(2, instances.Count(i => i.Status == WorkflowStatus.Finished && i.OrganizationId == Contoso && !paths[instances.IndexOf(i)].StartsWith("accepted", StringComparison.Ordinal)));
        Assert.Contains("created:Done>purchase:True>remember:Done>log-yes:Done", paths);
        Assert.Contains("created:Done>purchase:False>log-no:Done", paths);
        Assert.Contains($"Purchase {purchase} by {DemoUsers.ContosoSales.UserName}", purchaseRun.Input);
        Assert.Empty(await InstancesAsync(site, "woodgrove-partners"));
        Assert.NotEqual(purchase, trial);
    }

    [Fact]
    public async Task A_halted_instance_resumes_on_its_own_offers_acceptance_only_and_finishes_on_the_version_it_started_with()
    {
        await using var site = new PartnerCmsSite(database);
        var id = await ImportAsync(site, "Follow an offer", new
        {
            activities = new[]
            {
                Node("created", "OfferCreated", start: true),
                Node("wait-accept", "OfferAccepted"),
                Node("log", "Log", new { message = "v1: {{ event.quoteId }} accepted by {{ event.acceptedBy }}" }),
            },
            transitions = new[] { Edge("created", "Done", "wait-accept"), Edge("wait-accept", "Done", "log") },
        });
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var first = await NewPurchaseOfferAsync(site, sales);
        var second = await NewPurchaseOfferAsync(site, sales);
        await site.DeliverEventsAsync();
        var halted = (await InstancesAsync(site)).Where(i => i.WorkflowTypeId == id).ToList();

        // Version 2 changes the message; the halted instances keep version 1.
        using var admin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        var v2 = JsonSerializer.Serialize(new
        {
            activities = new[] { Node("created", "OfferCreated", start: true), Node("wait-accept", "OfferAccepted"), Node("log", "Log", new { message = "v2" }) },
            transitions = new[] { Edge("created", "Done", "wait-accept"), Edge("wait-accept", "Done", "log") },
        });
        var saved = await admin.PostFormAsync($"/partner/workflows/{id}", new Dictionary<string, string> { ["json"] = v2 }, $"/partner/workflows/{id}");
        using var visitor = site.Anonymous();
        var accepted = await SignUpAsync(visitor, await LinkPathAsync(sales, first), NewDomain(), new() { ["INTUNE-P1"] = 2 });
        await site.DeliverEventsAsync();
        var after = (await InstancesAsync(site)).Where(i => i.WorkflowTypeId == id).ToList();
        var firstInstance = after.Single(i => i.Status == WorkflowStatus.Finished);
        var journal = await JournalAsync(site, firstInstance.Id);

        Assert.Equal(2, halted.Count);
        Assert.All(halted, i => Assert.Equal((WorkflowStatus.Halted, 1), (i.Status, i.Version)));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.Status);
        Assert.Single(after, i => i.Status == WorkflowStatus.Halted);
        Assert.Equal(["created", "wait-accept", "wait-accept", "log"], journal.Select(j => j.ActivityId));
        Assert.Contains($"v1: {first} accepted by admin@", journal[^1].Input);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task A_timer_is_kept_in_the_database_and_fires_after_the_host_is_stopped_and_started_again()
    {
        var settings = new Dictionary<string, string?> { ["Database:ConnectionString"] = PartnerCmsSite.ConnectionStringFor(database) };
        string id;
        await using (var first = new PartnerCmsSite(database, settings))
        {
            id = await ImportAsync(first, "Remind later", new
            {
                activities = new[] { Node("created", "OfferCreated", start: true), Node("wait", "Timer", new { duration = "00:00:02" }), Node("remind", "Log", new { message = "reminder for {{ event.quoteId }}" }) },
                transitions = new[] { Edge("created", "Done", "wait"), Edge("wait", "Done", "remind") },
            });
            using var sales = await first.SignInAsync(DemoUsers.ContosoSales);
            await NewPurchaseOfferAsync(first, sales);
            await first.DeliverEventsAsync();
            Assert.Equal(WorkflowStatus.Halted, Assert.Single(await InstancesAsync(first), i => i.WorkflowTypeId == id).Status);
        }

        await using var second = new PartnerCmsSite(database, settings);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        WorkflowInstance instance;
        do
        {
            await Task.Delay(200);
            instance = (await InstancesAsync(second)).Single(i => i.WorkflowTypeId == id);
        }
        while (instance.Status == WorkflowStatus.Halted && DateTime.UtcNow < deadline);
        var journal = await JournalAsync(second, instance.Id);
        var jobs = await second.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<PartnerCms.Core.Jobs.JobRun>().Where(j => j.Name.StartsWith("workflow")).Select(j => j.Name + " " + j.Succeeded + " " + j.Error).ToListAsync());
        var leases = await second.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<PartnerCms.Core.Jobs.JobLease>().Where(j => j.Name.StartsWith("workflow")).Select(j => j.Name + " " + j.NextRunUtc + " " + j.LastError).ToListAsync());

        Assert.True(instance.Status == WorkflowStatus.Finished, string.Join("\n", jobs.Concat(leases)) + " journal " + string.Join(",", journal.Select(j => $"{j.ActivityId}:{j.Outcome}:{j.Error}")));
        Assert.Equal(["created:Done", "wait:Halted", "wait:Done", "remind:Done"], journal.Select(j => $"{j.ActivityId}:{j.Outcome}"));
    }

    [Fact]
    public async Task The_same_event_delivered_again_runs_no_step_twice_and_a_failing_activity_faults_the_instance_with_its_error()
    {
        await using var site = new PartnerCmsSite(database);
        var id = await ImportAsync(site, "Mail the creator", new
        {
            activities = new[]
            {
                Node("created", "OfferCreated", start: true),
                Node("mail", "SendEmail", new { to = "{{ event.createdBy }}", subject = "Offer {{ event.quoteId }} created", body = "Done." }),
                Node("broken", "SendEmail", new { to = "{{ event.quoteId }}", subject = "Not an address", body = "x" }),
            },
            transitions = new[] { Edge("created", "Done", "mail"), Edge("mail", "Done", "broken") },
        });
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        await NewPurchaseOfferAsync(site, sales);
        await site.DeliverEventsAsync();

        // Deliver the offer-created event again, as a second dispatcher whose lease ran out would.
        await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<OutboxMessage>()
            .Where(m => m.Type.EndsWith(".OfferCreated")).ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Pending).SetProperty(m => m.NextAttemptUtc, DateTime.UtcNow.AddSeconds(-1))));
        await site.DeliverEventsAsync();
        var instance = Assert.Single(await InstancesAsync(site), i => i.WorkflowTypeId == id);
        var journal = await JournalAsync(site, instance.Id);
        var mails = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<OutgoingMail>().IgnoreQueryFilters().Where(m => m.Subject.StartsWith("Offer ")).CountAsync());
        using var admin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        var (_, page) = await admin.GetPageAsync($"/partner/workflows/instances/{instance.Id}");

        // Retry goes on from the failed step (the mail before it is not sent again); cancel stops the run.
        var retried = await admin.PostFormAsync($"/partner/workflows/instances/{instance.Id}/retry", new Dictionary<string, string>(), $"/partner/workflows/instances/{instance.Id}");
        var afterRetry = await JournalAsync(site, instance.Id);
        var mailsAfterRetry = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<OutgoingMail>().IgnoreQueryFilters().Where(m => m.Subject.StartsWith("Offer ")).CountAsync());
        var cancelled = await admin.PostFormAsync($"/partner/workflows/instances/{instance.Id}/cancel", new Dictionary<string, string>(), $"/partner/workflows/instances/{instance.Id}");
        var final = Assert.Single(await InstancesAsync(site), i => i.WorkflowTypeId == id);

        Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        Assert.Equal(["created", "mail", "broken", "broken"], afterRetry.Select(j => j.ActivityId));
        Assert.Equal(1, mailsAfterRetry);
        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        Assert.Equal(WorkflowStatus.Cancelled, final.Status);
        Assert.Equal(WorkflowStatus.Faulted, instance.Status);
        Assert.Contains("broken: InvalidOperationException", instance.Fault);
        Assert.Contains("is not an e-mail address", instance.Fault);
        Assert.Equal(["created", "mail", "broken"], journal.Select(j => j.ActivityId));
        Assert.NotNull(journal[2].Error);
        Assert.Equal(1, mails);
        HtmlPage.AssertHas(page, "[data-testid='instance-fault']");
    }
}

public sealed class WorkflowTestsOnSqlite() : WorkflowTests(TestDatabase.Sqlite);

/// <summary>Two portals with their dispatchers on one PostgreSQL database: every event starts one run, each step runs once.</summary>
[Trait("Area", "Workflows")]
public sealed class TwoDispatcherWorkflowTests
{
    [Fact]
    public async Task Two_dispatchers_on_one_PostgreSQL_database_run_each_step_once()
    {
        var settings = new Dictionary<string, string?> { ["Database:ConnectionString"] = PartnerCmsSite.ConnectionStringFor(TestDatabase.Postgres) };
        await using var first = new PartnerCmsSite(TestDatabase.Postgres, settings);
        await first.DeliverEventsAsync();
        using (var admin = await first.SignInAsync(DemoUsers.ContosoAdmin))
        {
            var json = JsonSerializer.Serialize(new
            {
                activities = new object[]
                {
                    new { id = "created", type = "OfferCreated", start = true },
                    new { id = "mail", type = "SendEmail", settings = new { to = "{{ event.createdBy }}", subject = "Created {{ event.quoteId }}", body = "x" } },
                },
                transitions = new[] { new { from = "created", outcome = "Done", to = "mail" } },
            });
            var imported = await admin.PostFormAsync("/partner/workflows/import", new Dictionary<string, string> { ["name"] = "Count offers", ["json"] = json }, "/partner/workflows");
            var id = imported.Headers.Location!.OriginalString.Split('/').Last();
            await admin.PostFormAsync($"/partner/workflows/{id}/enable", new Dictionary<string, string>(), "/partner/workflows");
        }

        await using var second = new PartnerCmsSite(TestDatabase.Postgres, settings);
        _ = second.Services;
        using var sales = await first.SignInAsync(DemoUsers.ContosoSales);
        var office = await OfficeAsync(first, "contoso-partners", "RED-001");
        var quoteIds = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            quoteIds.Add(await CreateOfferAsync(sales, "purchase", "US", office, [("INTUNE-P1", 1)]));
        }

        // Both nodes' dispatchers deliver in the background; wait until every offer's run exists and the outbox is empty.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        List<(string Correlation, int Steps)> runs;
        do
        {
            await Task.Delay(250);
            runs = await first.AsSystemAsync(async sp =>
            {
                var db = sp.GetRequiredService<PartnerCmsDbContext>();
                return (await db.Set<WorkflowInstance>().IgnoreQueryFilters().Where(i => db.Set<WorkflowType>().IgnoreQueryFilters().Any(t => t.Id == i.WorkflowTypeId && t.Name == "Count offers"))
                    .Select(i => new { i.CorrelationId, i.Steps }).ToListAsync())
                    .Select(r => (r.CorrelationId, r.Steps)).ToList();
            });
        }
        while (runs.Count < quoteIds.Count && DateTime.UtcNow < deadline);

        // No event is still to be delivered (by either node), so no further run can appear: the counts below are final.
        int undelivered;
        do
        {
            undelivered = await first.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<OutboxMessage>().CountAsync(m => m.Type.EndsWith(".OfferCreated") && m.Status != OutboxStatus.Dispatched));
            if (undelivered > 0)
            {
                await Task.Delay(100);
            }
        }
        while (undelivered > 0 && DateTime.UtcNow < deadline);
        Assert.Equal(0, undelivered);
        var mails = await first.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<OutgoingMail>().IgnoreQueryFilters().Where(m => m.Subject.StartsWith("Created ")).Select(m => m.Subject).ToListAsync());
        var processedBy = await first.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<OutboxMessage>().Where(m => m.Type.EndsWith(".OfferCreated") && m.Status == OutboxStatus.Dispatched).Select(m => m.Id).CountAsync());

        Assert.Equal(quoteIds.Count, runs.Count);
        Assert.Equal(quoteIds.Count, runs.Select(r => r.Correlation).Distinct().Count());
        Assert.All(runs, r => Assert.Equal(2, r.Steps));
        Assert.Equal(quoteIds.Order(), mails.Select(m => m["Created ".Length..]).Order());
        Assert.True(processedBy >= quoteIds.Count);
    }
}

public sealed class WorkflowTestsOnPostgres() : WorkflowTests(TestDatabase.Postgres);

/// <summary>Only a partner's global administrators configure its workflows; a workflow is its organization's alone; bad definitions are refused with what is wrong.</summary>
[Trait("Area", "Hardening")]
public sealed class WorkflowAccessTests
{
    [Fact]
    public async Task Other_roles_get_403_another_partners_workflow_is_404_and_bad_definitions_are_refused_with_their_errors()
    {
        await using var site = new PartnerCmsSite(TestDatabase.Sqlite);
        await site.RunRecipeAsync("second-partner.recipe.json");
        var woodgrove = await site.AsSystemAsync(async sp => (await sp.GetRequiredService<WorkflowDefinitionStore>().SaveAsync("woodgrove-partners", null, "Woodgrove's", new WorkflowDefinition
        {
            Activities = [new ActivityNode { Id = "created", Type = "OfferCreated", Start = true }],
        }, enabled: true, "test")).Type!.Id);
        var demo = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<WorkflowType>().IgnoreQueryFilters().Where(t => t.OrganizationId == "contoso-partners").Select(t => t.Id).FirstAsync());

        var refused = new List<string>();
        foreach (var user in new[] { DemoUsers.ContosoMarketing, DemoUsers.ContosoSales, DemoUsers.ContosoFull, DemoUsers.FabrikamAdmin })
        {
            using var client = await site.SignInAsync(user);
            var list = await client.GetAsync("/partner/workflows");
            var show = await client.GetAsync($"/partner/workflows/{demo}");
            var disable = await client.PostFormAsync($"/partner/workflows/{demo}/disable", new Dictionary<string, string>(), "/account/password");
            refused.Add($"{user.UserName} {(int)list.StatusCode} {(int)show.StatusCode} {(int)disable.StatusCode}");
        }

        using var admin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        var foreign = await admin.GetAsync($"/partner/workflows/{woodgrove}");
        var foreignExport = await admin.GetAsync($"/partner/workflows/{woodgrove}/export.json");
        var foreignDisable = await admin.PostFormAsync($"/partner/workflows/{woodgrove}/disable", new Dictionary<string, string>(), "/partner/workflows");
        var bad = new Dictionary<string, string>
        {
            ["not json"] = "{ activities: [",
            ["unknown field"] = """{ "activities": [], "nodes": [] }""",
            ["unknown type"] = """{ "activities": [ { "id": "a", "type": "Teleport", "start": true } ] }""",
            ["no start"] = """{ "activities": [ { "id": "a", "type": "Log", "settings": { "message": "x" } } ] }""",
            ["bad outcome"] = """{ "activities": [ { "id": "a", "type": "OfferCreated", "start": true }, { "id": "b", "type": "Log", "settings": { "message": "x" } } ], "transitions": [ { "from": "a", "outcome": "Maybe", "to": "b" } ] }""",
            ["bad liquid"] = """{ "activities": [ { "id": "a", "type": "OfferCreated", "start": true }, { "id": "b", "type": "SendEmail", "settings": { "to": "{{ event.createdBy", "subject": "s", "body": "b" } } ] }""",
            ["bad role"] = """{ "activities": [ { "id": "a", "type": "OfferCreated", "start": true }, { "id": "b", "type": "SendEmail", "settings": { "toRole": "Partner:Astronaut", "subject": "s", "body": "b" } } ] }""",
            ["bad timer"] = """{ "activities": [ { "id": "a", "type": "OfferCreated", "start": true }, { "id": "b", "type": "Timer", "settings": { "duration": "-1.00:00:00" } } ] }""",
            ["nul"] = "{ \"activities\": [ { \"id\": \"a\0\", \"type\": \"OfferCreated\", \"start\": true } ] }",
            ["bracket"] = "[",
            ["huge"] = new string('[', 600_000),
            ["deep json"] = "{ \"activities\": " + new string('[', 5_000) + new string(']', 5_000) + " }",
            ["deep liquid"] = "{ \"activities\": [ { \"id\": \"a\", \"type\": \"OfferCreated\", \"start\": true }, { \"id\": \"b\", \"type\": \"Log\", \"settings\": { \"message\": \""
                + string.Concat(Enumerable.Repeat("{% if true %}", 2_000)) + string.Concat(Enumerable.Repeat("{% endif %}", 2_000)) + "\" } } ] }",
            ["bad url"] = """{ "activities": [ { "id": "a", "type": "OfferCreated", "start": true }, { "id": "b", "type": "HttpRequest", "settings": { "url": "file:///etc/passwd" } } ] }""",
        };
        var answers = new List<(string Case, HttpStatusCode Status, string Body)>();
        foreach (var (name, json) in bad)
        {
            var response = await admin.PostFormAsync("/partner/workflows/import", new Dictionary<string, string> { ["name"] = "Bad " + name, ["json"] = json }, "/partner/workflows");
            answers.Add((name, response.StatusCode, System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync())));
        }

        var saved = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<WorkflowType>().IgnoreQueryFilters().CountAsync(t => t.Name.StartsWith("Bad ")));

        Assert.All(refused, r => Assert.EndsWith(" 403 403 403", r));
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound), (foreign.StatusCode, foreignExport.StatusCode, foreignDisable.StatusCode));
        Assert.All(answers, a => Assert.True((int)a.Status is >= 400 and < 500, $"{a.Case}: {(int)a.Status}"));
        string Body(string name) => answers.Single(a => a.Case == name).Body;
        Assert.Contains("could not be read", Body("not json"));
        Assert.Contains("there is no activity type 'Teleport'", Body("unknown type"));
        Assert.Contains("Mark at least one event activity as the start", Body("no start"));
        Assert.Contains("a has no outcome 'Maybe'", Body("bad outcome"));
        Assert.Contains("b: To:", Body("bad liquid"));
        Assert.Contains("There is no role 'Partner:Astronaut'", Body("bad role"));
        Assert.Contains("b: Duration:", Body("bad timer"));
        Assert.Contains("could not be read", Body("deep json"));
        Assert.Contains("b: Message:", Body("deep liquid"));
        Assert.Contains("b: Url: give an absolute http or https URL.", Body("bad url"));
        Assert.Equal(0, saved);
    }
}

/// <summary>Hostile values on the signal links and the notification pages: 4xx or a page with a message, never 5xx.</summary>
[Trait("Area", "Hardening")]
public sealed class SignalAndNotificationHostileInputTests
{
    [Fact]
    public async Task Garbage_tokens_and_ids_get_4xx_never_5xx()
    {
        await using var site = new PartnerCmsSite(TestDatabase.Sqlite);
        using var anonymous = site.Anonymous();
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var answers = new List<(string What, HttpStatusCode Status)>();
        foreach (var token in new[] { "x", new string('A', 5_000), "%5B%5D", "..%2F..%2Fetc" })
        {
            answers.Add(("GET signal " + token[..Math.Min(10, token.Length)], (await anonymous.GetAsync("/workflows/signal/" + token)).StatusCode));
        }

        answers.Add(("POST signal", (await anonymous.PostFormAsync("/workflows/signal/not-a-token", new Dictionary<string, string>(), "/account/signin")).StatusCode));
        answers.Add(("notifications page", (await sales.GetAsync("/notifications?page=%5B&x=%00")).StatusCode));
        answers.Add(("open other's", (await sales.PostFormAsync("/notifications/999999/open", new Dictionary<string, string>(), "/notifications")).StatusCode));
        answers.Add(("open bad id", (await sales.PostFormAsync("/notifications/abc/open", new Dictionary<string, string>(), "/notifications")).StatusCode));
        answers.Add(("anonymous list", (await anonymous.GetAsync("/notifications")).StatusCode));

        Assert.All(answers, a => Assert.True((int)a.Status < 500, $"{a.What}: {(int)a.Status}"));
        Assert.Equal(HttpStatusCode.NotFound, answers.Single(a => a.What == "POST signal").Status);
        Assert.Equal(HttpStatusCode.NotFound, answers.Single(a => a.What == "open other's").Status);
        Assert.Equal(HttpStatusCode.Redirect, answers.Single(a => a.What == "anonymous list").Status);
    }
}

/// <summary>The directory's workflow activities: delegated access (R16, audited per R22) and roles, inside the workflow's own organization only.</summary>
[Trait("Area", "Workflows")]
public sealed class UserActivityTests
{
    [Fact]
    [Trait("Rule", "R16")]
    [Trait("Rule", "R22")]
    public async Task A_workflow_grants_delegated_access_and_a_role_to_its_own_users_audited_and_cannot_use_another_kinds_role()
    {
        await using var site = new PartnerCmsSite(TestDatabase.Sqlite);
        await site.DeliverEventsAsync();
        using var admin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        var definition = JsonSerializer.Serialize(new
        {
            activities = new object[]
            {
                new { id = "created", type = "OfferCreated", start = true },
                new { id = "grant", type = "GrantDelegatedAccess", settings = new { users = "{{ event.createdBy }}, admin@fabrikam.example", level = "Limited" } },
                new { id = "role", type = "AssignRole", settings = new { users = "marketing@contosopartners.example", role = "Partner:Sales" } },
            },
            transitions = new[] { new { from = "created", outcome = "Done", to = "grant" }, new { from = "grant", outcome = "Done", to = "role" } },
        });
        await WorkflowTestSteps.ImportEnabledAsync(admin, "Sales help customers", definition);
        var wrongKind = await admin.PostFormAsync("/partner/workflows/import", new Dictionary<string, string>
        {
            ["name"] = "Wrong kind",
            ["json"] = definition.Replace("Partner:Sales", "Customer:GlobalAdministrator", StringComparison.Ordinal),
        }, "/partner/workflows");
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        await CreateOfferAsync(sales, "purchase", "US", await OfficeAsync(site, "contoso-partners", "RED-001"), [("INTUNE-P1", 1)]);
        await site.DeliverEventsAsync();

        var users = await site.AsSystemAsync(async sp =>
        {
            var manager = sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<PartnerCms.Core.Accounts.PartnerCmsUser>>();
            var salesUser = await manager.FindByNameAsync(DemoUsers.ContosoSales.UserName);
            var fabrikam = await manager.FindByNameAsync(DemoUsers.FabrikamAdmin.UserName);
            var marketing = await manager.FindByNameAsync(DemoUsers.ContosoMarketing.UserName);
            return (salesUser!.DelegatedAccess, fabrikam!.DelegatedAccess, await manager.IsInRoleAsync(marketing!, "Partner:Sales"));
        });
        var audited = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<PartnerCms.Audit.Models.AuditEntry>().IgnoreQueryFilters()
            .Where(e => e.Action == "user.delegated-access-changed" || e.Action == "user.role-assigned").Select(e => e.Action + " " + e.Target).ToListAsync());

        Assert.Equal(HttpStatusCode.BadRequest, wrongKind.StatusCode);
        Assert.Contains("is not a role of your organization", WebUtility.HtmlDecode(await wrongKind.Content.ReadAsStringAsync()));
        Assert.Equal(PartnerCms.Core.Accounts.DelegatedAccess.Limited, users.Item1);
        Assert.Equal(PartnerCms.Core.Accounts.DelegatedAccess.None, users.Item2);
        Assert.True(users.Item3);
        Assert.Contains($"user.delegated-access-changed {DemoUsers.ContosoSales.UserName}: None → Limited", audited);
        Assert.Contains($"user.role-assigned {DemoUsers.ContosoMarketing.UserName}: Partner:Sales", audited);
        Assert.DoesNotContain(audited, a => a.Contains("fabrikam", StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Rule", "R16")]
    [Trait("Rule", "R22")]
    [Trait("Area", "Delegation")]
    public async Task A_workflow_gives_a_team_the_roles_a_new_customer_approved_never_more_and_adds_only_its_own_users_to_the_team()
    {
        await using var site = new PartnerCmsSite(TestDatabase.Sqlite);
        await site.DeliverEventsAsync();
        using var admin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        string Definition(string team, string roles) => JsonSerializer.Serialize(new
        {
            activities = new object[]
            {
                new { id = "accepted", type = "DelegatedAdministrationAccepted", start = true },
                new { id = "roles", type = "AssignTeamRoles", settings = new { customer = "{{ event.customerOrganizationId }}", team, roles } },
                new { id = "members", type = "AddToTeam", settings = new { users = "sales@contosopartners.example, {{ event.acceptedBy }}, admin@fabrikam.example", team } },
            },
            transitions = new[] { new { from = "accepted", outcome = "Done", to = "roles" }, new { from = "roles", outcome = "Done", to = "members" } },
        });
        async Task<string> RefusedAsync(string json) => WebUtility.HtmlDecode(await (await admin.PostFormAsync("/partner/workflows/import",
            new Dictionary<string, string> { ["name"] = "Refused", ["json"] = json }, "/partner/workflows")).Content.ReadAsStringAsync());
        var noTeam = await RefusedAsync(Definition("Night shift", "UsersAdministrator"));
        var noRole = await RefusedAsync(Definition("Escalation", "UsersAdministrator, BillingAdministrator"));
        await WorkflowTestSteps.ImportEnabledAsync(admin, "Escalation takes new customers", Definition("Escalation", "UsersAdministrator, GlobalAdministrator"));

        // The customer approves Users administrator and Service support, not the Domain administrator also asked for.
        var (customerId, _) = await CustomerApprovingAsync(site,
            [DelegatedRoles.UsersAdministrator, DelegatedRoles.DomainAdministrator, DelegatedRoles.ServiceSupport], [DelegatedRoles.UsersAdministrator, DelegatedRoles.ServiceSupport]);
        await site.DeliverEventsAsync();

        var state = await site.AsSystemAsync(async sp =>
        {
            var db = sp.GetRequiredService<PartnerCmsDbContext>();
            var team = await db.Set<PartnerCms.Delegation.Models.PartnerTeam>().IgnoreQueryFilters().Include(t => t.Members).SingleAsync(t => t.OrganizationId == "contoso-partners" && t.Name == "Escalation");
            var roles = await db.Set<PartnerCms.Delegation.Models.PartnerTeamAssignment>().IgnoreQueryFilters()
                .Where(a => a.TeamId == team.Id && a.CustomerOrganizationId == customerId).Select(a => a.Role).ToListAsync();
            var members = await db.Users.IgnoreQueryFilters().Where(u => team.Members.Select(m => m.UserId).Contains(u.Id)).Select(u => u.UserName!).ToListAsync();
            var audit = await db.Set<PartnerCms.Audit.Models.AuditEntry>().IgnoreQueryFilters()
                .Where(e => e.Action == "team.changed" || e.Action == "team.assignments-changed").Select(e => e.Action + " " + e.ActorUserName + " " + e.Target).ToListAsync();
            return (roles, members, audit);
        });
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var started = await sales.PostFormAsync($"/partner/customers/{customerId}/administer", new Dictionary<string, string>(), "/partner");
        using var marketing = await site.SignInAsync(DemoUsers.ContosoMarketing);
        var notMember = await marketing.PostFormAsync($"/partner/customers/{customerId}/administer", new Dictionary<string, string>(), "/partner");

        Assert.Contains("You have no team named 'Night shift'", noTeam, StringComparison.Ordinal);
        Assert.Contains("'BillingAdministrator' is not a role", noRole, StringComparison.Ordinal);
        // Global administrator was named but not approved: skipped. The customer's own administrator and Fabrikam's are no Contoso users.
        Assert.Equal([DelegatedRoles.UsersAdministrator], state.roles);
        Assert.Contains(DemoUsers.ContosoSales.UserName, state.members);
        Assert.DoesNotContain(state.members, m => !m.EndsWith("@contosopartners.example", StringComparison.Ordinal));
        Assert.Contains(state.audit, a => a.StartsWith("team.assignments-changed workflow:", StringComparison.Ordinal) && a.EndsWith("Escalation + Users administrator", StringComparison.Ordinal));
        Assert.Contains(state.audit, a => a.StartsWith("team.changed workflow:", StringComparison.Ordinal) && a.EndsWith($"Escalation: + {DemoUsers.ContosoSales.UserName}", StringComparison.Ordinal));
        // From the outside: the sales user now administers the customer as a Users administrator, and nothing more.
        // Marketing is in no team and has no delegated access: sent to the second step or refused, never into the customer's portal.
        Assert.NotEqual("/portal", notMember.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        Assert.Equal("/portal", started.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await sales.GetPageAsync("/portal/users/new")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await sales.GetPageAsync("/portal/domains")).Status);
    }
}

/// <summary>The service-request activity (R23): opened for a customer the partner administers, refused for any other.</summary>
[Trait("Area", "Workflows")]
public sealed class ServiceRequestActivityTests
{
    [Fact]
    [Trait("Rule", "R23")]
    public async Task A_workflow_opens_a_service_request_for_its_new_delegated_customer_and_faults_for_a_customer_it_does_not_administer()
    {
        await using var site = new PartnerCmsSite(TestDatabase.Sqlite);
        await site.DeliverEventsAsync();
        using var admin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        object Definition(string start) => new
        {
            activities = new object[]
            {
                new { id = "start", type = start, start = true },
                new { id = "open", type = "CreateServiceRequest", settings = new { customer = "{{ event.customerOrganizationId }}", title = "Welcome check-up", description = "We look at your set-up with you.", contactName = "Administrator", contactEmail = "{{ event.acceptedBy }}" } },
            },
            transitions = new[] { new { from = "start", outcome = "Done", to = "open" } },
        };
        foreach (var (name, start) in new[] { ("Check-up for delegated customers", "DelegatedAdministrationAccepted"), ("Check-up for every customer", "OfferAccepted") })
        {
            await WorkflowTestSteps.ImportEnabledAsync(admin, name, JsonSerializer.Serialize(Definition(start)));
        }

        var (delegatedId, _) = await NewContosoCustomerAsync(site, delegated: true);
        var (plainId, _) = await NewContosoCustomerAsync(site, delegated: false);
        await site.DeliverEventsAsync();

        var requests = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<PartnerCms.Customers.Models.ServiceRequest>().IgnoreQueryFilters()
            .Where(r => r.Title == "Welcome check-up").Select(r => r.CustomerOrganizationId).ToListAsync());
        var faulted = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<WorkflowInstance>().IgnoreQueryFilters()
            .Where(i => i.Status == WorkflowStatus.Faulted).Select(i => i.Fault).ToListAsync());

        // The delegated customer gets one from each workflow; the other customer none, and that run is faulted with why.
        Assert.Equal(2, requests.Count(r => r == delegatedId));
        Assert.DoesNotContain(plainId, requests);
        Assert.Contains(faulted, f => f!.Contains($"'{plainId}' is not a customer you are delegated administrator of", StringComparison.Ordinal));
    }
}

/// <summary>Fork and join, and the service-request events, on SQLite.</summary>
[Trait("Area", "Workflows")]
public sealed class ForkJoinAndServiceRequestEventTests
{
    [Fact]
    public async Task Events_raised_before_a_workflow_was_enabled_do_not_start_it()
    {
        // The demo recipe grants Contoso's relationships and then imports "New delegated customer" (enabled): the grants'
        // events are delivered after the import, and must not start it; a grant made now does.
        await using var site = new PartnerCmsSite(TestDatabase.Sqlite);
        await site.DeliverEventsAsync();
        Task<int> RunsAsync() => site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<WorkflowInstance>().IgnoreQueryFilters()
            .CountAsync(i => sp.GetRequiredService<PartnerCmsDbContext>().Set<WorkflowType>().IgnoreQueryFilters().Any(t => t.Id == i.WorkflowTypeId && t.Name == "New delegated customer")));
        var before = await RunsAsync();
        await NewContosoCustomerAsync(site, delegated: true);
        await site.DeliverEventsAsync();

        Assert.Equal(0, before);
        Assert.Equal(1, await RunsAsync());
    }

    [Fact]
    [Trait("Rule", "R9")]
    public async Task An_offer_invitation_is_mailed_with_the_partners_published_template_and_a_signed_link_that_opens_and_only_for_its_own_offers()
    {
        await using var site = new PartnerCmsSite(TestDatabase.Sqlite, new Dictionary<string, string?> { ["PartnerCms:PublicUrl"] = "https://partners.test" });
        await site.DeliverEventsAsync();
        using var admin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        await WorkflowTestSteps.ImportEnabledAsync(admin, "Invite on creation", JsonSerializer.Serialize(new
        {
            activities = new object[]
            {
                new { id = "created", type = "OfferCreated", start = true },
                new { id = "invite", type = "SendOfferInvitation", settings = new { offer = "{{ event.quoteId }}", to = "prospect@customer.example" } },
                new { id = "foreign", type = "SendOfferInvitation", settings = new { offer = "Q-AAA-AAA", to = "prospect@customer.example" } },
            },
            transitions = new[] { new { from = "created", outcome = "Done", to = "invite" }, new { from = "invite", outcome = "Done", to = "foreign" } },
        }));
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var quoteId = await CreateOfferAsync(sales, "purchase", "US", await OfficeAsync(site, "contoso-partners", "RED-001"), [("INTUNE-P1", 3)]);
        await site.DeliverEventsAsync();

        var mail = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<OutgoingMail>().IgnoreQueryFilters().SingleAsync(m => m.To == "prospect@customer.example"));
        var (_, offerPage) = await sales.GetPageAsync($"/partner/offers/{quoteId}");
        var link = System.Text.RegularExpressions.Regex.Match(mail.TextBody, "https://partners\\.test(/offers/\\S+)").Groups[1].Value;
        using var visitor = site.Anonymous();
        var (landingStatus, _) = await visitor.GetPageAsync(link);
        var instance = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<WorkflowInstance>().IgnoreQueryFilters().AsNoTracking().SingleAsync(i => i.CorrelationId.StartsWith("offer:") && i.Status == WorkflowStatus.Faulted));

        Assert.Contains(quoteId, mail.Subject + mail.TextBody);
        Assert.Contains(WebUtility.HtmlEncode(mail.Subject), offerPage);
        Assert.Equal(HttpStatusCode.OK, landingStatus);
        Assert.Contains("foreign: InvalidOperationException: 'Q-AAA-AAA' is not one of your offers.", instance.Fault);
    }

    [Fact]
    public async Task Forked_branches_meet_at_a_join_that_waits_for_the_branch_held_by_a_timer()
    {
        await using var site = new PartnerCmsSite(TestDatabase.Sqlite);
        await site.DeliverEventsAsync();
        using var admin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        var json = JsonSerializer.Serialize(new
        {
            activities = new object[]
            {
                new { id = "created", type = "OfferCreated", start = true },
                new { id = "remember", type = "SetVariable", settings = new { name = "quote", value = "{{ event.quoteId }}" } },
                new { id = "wait", type = "Timer", settings = new { duration = "00:00:01" } },
                new { id = "both", type = "Join", settings = new { mode = "WaitAll" } },
                new { id = "log", type = "Log", settings = new { message = "{{ variables.quote }} joined" } },
            },
            transitions = new[]
            {
                new { from = "created", outcome = "Done", to = "remember" }, new { from = "created", outcome = "Done", to = "wait" },
                new { from = "remember", outcome = "Done", to = "both" }, new { from = "wait", outcome = "Done", to = "both" }, new { from = "both", outcome = "Done", to = "log" },
            },
        });
        await WorkflowTestSteps.ImportEnabledAsync(admin, "Fork and join", json);
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var quoteId = await CreateOfferAsync(sales, "purchase", "US", await OfficeAsync(site, "contoso-partners", "RED-001"), [("INTUNE-P1", 1)]);
        await site.DeliverEventsAsync();
        var halted = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<WorkflowInstance>().IgnoreQueryFilters()
            .SingleAsync(i => sp.GetRequiredService<PartnerCmsDbContext>().Set<WorkflowType>().IgnoreQueryFilters().Any(t => t.Id == i.WorkflowTypeId && t.Name == "Fork and join")));

        var deadline = DateTime.UtcNow.AddSeconds(20);
        WorkflowInstance instance;
        do
        {
            await Task.Delay(200);
            instance = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<WorkflowInstance>().IgnoreQueryFilters().AsNoTracking().SingleAsync(i => i.Id == halted.Id));
        }
        while (instance.Status == WorkflowStatus.Halted && DateTime.UtcNow < deadline);
        var journal = WorkflowJournal.Read(instance);

        Assert.Equal(WorkflowStatus.Halted, halted.Status);
        Assert.Equal(WorkflowStatus.Finished, instance.Status);
        Assert.Equal(1, journal.Count(j => j.ActivityId == "both" && j.Outcome == "Done"));
        Assert.Contains(journal, j => j.ActivityId == "both" && j.Outcome!.StartsWith("Waiting for 1 more", StringComparison.Ordinal));
        Assert.Contains($"{quoteId} joined", journal.Single(j => j.ActivityId == "log").Input);
    }

    [Fact]
    public async Task A_signal_link_sent_by_mail_resumes_the_waiting_run_once_and_a_changed_link_does_nothing()
    {
        await using var site = new PartnerCmsSite(TestDatabase.Sqlite);
        await site.DeliverEventsAsync();
        using var admin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        var json = JsonSerializer.Serialize(new
        {
            activities = new object[]
            {
                new { id = "created", type = "OfferCreated", start = true },
                new { id = "ask", type = "SendEmail", settings = new { to = "{{ event.createdBy }}", subject = "Approve {{ event.quoteId }}", body = "Approve here: {{ signals.approve }}" } },
                new { id = "approve", type = "WaitForSignal" },
                new { id = "log", type = "Log", settings = new { message = "approved {{ event.quoteId }}" } },
            },
            transitions = new[] { new { from = "created", outcome = "Done", to = "ask" }, new { from = "ask", outcome = "Done", to = "approve" }, new { from = "approve", outcome = "Done", to = "log" } },
        });
        await WorkflowTestSteps.ImportEnabledAsync(admin, "Approval", json);
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var quoteId = await CreateOfferAsync(sales, "purchase", "US", await OfficeAsync(site, "contoso-partners", "RED-001"), [("INTUNE-P1", 1)]);
        await site.DeliverEventsAsync();
        var body = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<OutgoingMail>().IgnoreQueryFilters().Where(m => m.Subject == "Approve " + quoteId).Select(m => m.TextBody).SingleAsync());
        var link = System.Text.RegularExpressions.Regex.Match(body, "/workflows/signal/\\S+").Value;
        Task<WorkflowStatus> StatusAsync() => site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<WorkflowInstance>().IgnoreQueryFilters()
            .Where(i => i.CorrelationId.StartsWith("offer:") && sp.GetRequiredService<PartnerCmsDbContext>().Set<WorkflowType>().IgnoreQueryFilters().Any(t => t.Id == i.WorkflowTypeId && t.Name == "Approval"))
            .Select(i => i.Status).SingleAsync());

        using var recipient = site.Anonymous();
        var (pageStatus, page) = await recipient.GetPageAsync(link);
        var afterLook = await StatusAsync();
        var tampered = await recipient.PostFormAsync(link[..^3] + "xyz", new Dictionary<string, string>(), link);
        var confirmed = await recipient.PostFormAsync(link, new Dictionary<string, string>(), link);
        var again = await recipient.PostFormAsync(link, new Dictionary<string, string>(), link);

        Assert.StartsWith("/workflows/signal/", link);
        Assert.Equal(HttpStatusCode.OK, pageStatus);
        Assert.Contains("Confirm", page);
        Assert.Equal(WorkflowStatus.Halted, afterLook);
        Assert.Equal(HttpStatusCode.NotFound, tampered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        HtmlPage.AssertHas(await confirmed.Content.ReadAsStringAsync(), "[data-testid='signal-done']");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(WorkflowStatus.Finished, await StatusAsync());
    }

    [Fact]
    [Trait("Rule", "R23")]
    public async Task Opening_a_service_request_and_changing_its_status_start_the_partners_workflows()
    {
        await using var site = new PartnerCmsSite(TestDatabase.Sqlite);
        await site.DeliverEventsAsync();
        using var admin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        foreach (var (name, start, message) in new[] { ("On opened", "ServiceRequestOpened", "opened {{ event.title }} for {{ event.customerOrganizationId }} by {{ event.openedBy }}"), ("On status", "ServiceRequestStatusChanged", "{{ event.title }}: {{ event.from }} to {{ event.to }}") })
        {
            var json = JsonSerializer.Serialize(new
            {
                activities = new object[] { new { id = "start", type = start, start = true }, new { id = "log", type = "Log", settings = new { message } } },
                transitions = new[] { new { from = "start", outcome = "Done", to = "log" } },
            });
            await WorkflowTestSteps.ImportEnabledAsync(admin, name, json);
        }

        var request = await site.AsSystemAsync(async sp =>
        {
            var service = sp.GetRequiredService<PartnerCms.Customers.Services.ServiceRequestService>();
            var opened = await service.OpenAsync("contoso-partners", "fabrikam", new PartnerCms.Customers.Services.ServiceRequestInput
            {
                Title = "Printer policy",
                Description = "Devices do not get the policy.",
                ContactName = "Dana",
                ContactEmail = "dana@fabrikam.example",
            }, "user-1", DemoUsers.ContosoFull.UserName);
            await service.SetStatusAsync(opened.Id, "contoso-partners", PartnerCms.Customers.Models.ServiceRequestStatus.InProgress);
            return opened.Id;
        });
        await site.DeliverEventsAsync();
        var logs = await site.AsSystemAsync(async sp => (await sp.GetRequiredService<PartnerCmsDbContext>().Set<WorkflowInstance>().IgnoreQueryFilters().AsNoTracking()
            .Where(i => i.CorrelationId == "service-request:" + request).ToListAsync()).Select(i => WorkflowJournal.Read(i)[^1].Input).ToList());

        Assert.Equal(2, logs.Count);
        Assert.Contains(logs, l => l!.Contains($"opened Printer policy for fabrikam by {DemoUsers.ContosoFull.UserName}", StringComparison.Ordinal));
        Assert.Contains(logs, l => l!.Contains("Printer policy: Open to InProgress", StringComparison.Ordinal));
    }
}

/// <summary>Imports a workflow as the signed-in partner administrator and enables it (failing the test with the page's errors if refused).</summary>
internal static class WorkflowTestSteps
{
    public static async Task<string> ImportEnabledAsync(PortalClient admin, string name, string json)
    {
        var imported = await admin.PostFormAsync("/partner/workflows/import", new Dictionary<string, string> { ["name"] = name, ["json"] = json }, "/partner/workflows");
        Assert.True(imported.StatusCode == HttpStatusCode.Redirect, WebUtility.HtmlDecode(await imported.Content.ReadAsStringAsync()));
        var enabled = await admin.PostFormAsync(imported.Headers.Location!.OriginalString + "/enable", new Dictionary<string, string>(), "/partner/workflows");
        Assert.Equal(HttpStatusCode.Redirect, enabled.StatusCode);
        return imported.Headers.Location!.OriginalString.Split('/').Last();
    }
}

/// <summary>
/// The events the issue names beyond accept/create: first view of an offer, trial started, customer signed up; roles in a
/// delegated customer; the demo's support access; and the guard that stops two workflows starting each other.
/// </summary>
[Trait("Area", "Workflows")]
public sealed class WorkflowEventAndRoleTests
{
    private const string Contoso = "contoso-partners";

    private static string LogFlow(string start, string message) => JsonSerializer.Serialize(new
    {
        activities = new object[] { new { id = "start", type = start, start = true }, new { id = "log", type = "Log", settings = new { message } } },
        transitions = new[] { new { from = "start", outcome = "Done", to = "log" } },
    });

    private static Task<List<WorkflowInstance>> RunsOfAsync(PartnerCmsSite site, string workflowTypeId) => site.AsSystemAsync(sp =>
        sp.GetRequiredService<PartnerCmsDbContext>().Set<WorkflowInstance>().IgnoreQueryFilters().AsNoTracking().Where(i => i.WorkflowTypeId == workflowTypeId).ToListAsync());

    [Fact]
    [Trait("Rule", "R12")]
    public async Task The_first_view_of_an_offers_link_starts_its_workflow_once_however_often_and_on_however_many_flushes_it_is_opened()
    {
        await using var site = new PartnerCmsSite(TestDatabase.Sqlite);
        await site.DeliverEventsAsync();
        using var admin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        var workflow = await WorkflowTestSteps.ImportEnabledAsync(admin, "Offer opened", LogFlow("OfferViewed", "{{ event.quoteId }} first opened"));
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var quoteId = await CreateOfferAsync(sales, "purchase", "US", await OfficeAsync(site, Contoso, "RED-001"), [("INTUNE-P1", 5)]);
        var link = await LinkPathAsync(sales, quoteId);
        var counter = site.Services.GetRequiredService<PartnerCms.Offers.Services.OfferViewCounter>();
        using var visitor = site.Anonymous();

        await site.DeliverEventsAsync();
        var beforeAnyView = await RunsOfAsync(site, workflow);
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(HttpStatusCode.OK, (await visitor.GetPageAsync(link)).Status);
            }

            await counter.FlushAsync();
            await site.DeliverEventsAsync();
        }

        var runs = await RunsOfAsync(site, workflow);
        var views = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<PartnerCms.Offers.Models.OfferDailyViews>().IgnoreQueryFilters().SumAsync(v => v.Views));

        Assert.Empty(beforeAnyView);
        var run = Assert.Single(runs);
        Assert.Equal(WorkflowStatus.Finished, run.Status);
        Assert.Contains($"{quoteId} first opened", WorkflowJournal.Read(run)[^1].Input, StringComparison.Ordinal);
        Assert.True(views >= 9, $"views saved: {views}");
    }

    [Fact]
    [Trait("Rule", "R12")]
    [Trait("Rule", "R13")]
    public async Task Trial_started_and_customer_signed_up_are_events_of_their_own_that_a_purchase_by_an_existing_customer_raises_neither_of()
    {
        await using var site = new PartnerCmsSite(TestDatabase.Sqlite);
        await site.DeliverEventsAsync();
        using var admin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        var trial = await WorkflowTestSteps.ImportEnabledAsync(admin, "Trial", LogFlow("TrialStarted", "trial {{ event.subscriptions[0].sku }} until {{ event.endsUtc | date: '%Y-%m-%d' }}"));
        var signUp = await WorkflowTestSteps.ImportEnabledAsync(admin, "Sign-up", LogFlow("CustomerSignedUp", "{{ event.customerName }} by {{ event.signedUpBy }}"));

        var (_, domain) = await NewContosoCustomerAsync(site, delegated: false);
        await site.DeliverEventsAsync();
        var trialRuns = await RunsOfAsync(site, trial);
        var signUpRuns = await RunsOfAsync(site, signUp);

        // Northwind (an existing customer) accepts a purchase offer: no trial, no sign-up.
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var purchase = await CreateOfferAsync(sales, "purchase", "US", await OfficeAsync(site, Contoso, "RED-001"), [("INTUNE-P1", 5)]);
        using var northwind = site.Anonymous();
        var accepted = await SignInAndAcceptAsync(northwind, await LinkPathAsync(sales, purchase), DemoUsers.NorthwindAdmin.UserName, DemoUsers.NorthwindAdmin.Password, new Dictionary<string, int> { ["INTUNE-P1"] = 5 });
        await site.DeliverEventsAsync();

        Assert.Equal(HttpStatusCode.OK, accepted.Status);
        var trialRun = Assert.Single(trialRuns);
        Assert.Matches(@"trial INTUNE-P1-TRIAL until \d{4}-\d{2}-\d{2}", WorkflowJournal.Read(trialRun)[^1].Input);
        Assert.Contains($"Test {domain} by admin@{domain}", WorkflowJournal.Read(Assert.Single(signUpRuns))[^1].Input, StringComparison.Ordinal);
        Assert.Single(await RunsOfAsync(site, trial));
        Assert.Single(await RunsOfAsync(site, signUp));
    }

    [Fact]
    [Trait("Rule", "R16")]
    [Trait("Rule", "R22")]
    public async Task The_demo_gives_the_support_role_Limited_administration_when_a_customer_accepts_delegated_administration_and_never_lowers_Full()
    {
        await using var site = new PartnerCmsSite(TestDatabase.Sqlite);
        await site.DeliverEventsAsync();
        UserManager<PartnerCmsUser> Users(IServiceProvider sp) => sp.GetRequiredService<UserManager<PartnerCmsUser>>();
        // Frankie (Full) also joins Support: the demo's grant of Limited must not take Full away.
        await site.AsSystemAsync(async sp => (await Users(sp).AddToRoleAsync((await Users(sp).FindByNameAsync(DemoUsers.ContosoFull.UserName))!, "Partner:Support")).Succeeded);
        var before = await site.AsSystemAsync(async sp => (await Users(sp).FindByNameAsync(DemoUsers.ContosoSupport.UserName))!.DelegatedAccess);

        using (var supportBefore = await site.SignInAsync(DemoUsers.ContosoSupport))
        {
            // No delegated access yet: even a customer Contoso administers (Fabrikam) is refused.
            var refused = await supportBefore.PostFormAsync("/partner/customers/fabrikam/administer", new Dictionary<string, string>(), "/partner");
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        var (customerId, _) = await NewContosoCustomerAsync(site, delegated: true);
        await site.DeliverEventsAsync();

        var after = await site.AsSystemAsync(async sp => ((await Users(sp).FindByNameAsync(DemoUsers.ContosoSupport.UserName))!.DelegatedAccess, (await Users(sp).FindByNameAsync(DemoUsers.ContosoFull.UserName))!.DelegatedAccess));
        var audited = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<PartnerCms.Audit.Models.AuditEntry>().IgnoreQueryFilters()
            .Where(e => e.Action == "user.delegated-access-changed").Select(e => e.Target).ToListAsync());

        Assert.Equal(DelegatedAccess.None, before);
        Assert.Equal(DelegatedAccess.Limited, after.Item1);
        Assert.Equal(DelegatedAccess.Full, after.Item2);
        Assert.Contains($"{DemoUsers.ContosoSupport.UserName}: None → Limited", audited);
        Assert.DoesNotContain(audited, a => a!.StartsWith(DemoUsers.ContosoFull.UserName, StringComparison.Ordinal));

        // What the user relies on: the support user can now administer the new customer on its behalf.
        using var support = await site.SignInAsync(DemoUsers.ContosoSupport);
        Assert.Equal(HttpStatusCode.Redirect, (await support.PostFormAsync($"/partner/customers/{customerId}/administer", new Dictionary<string, string>(), "/partner")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await support.GetPageAsync("/portal/users")).Status);
    }

    [Fact]
    [Trait("Rule", "R15")]
    [Trait("Rule", "R22")]
    public async Task A_workflow_assigns_a_role_in_a_customer_it_administers_audited_with_both_and_faults_for_a_customer_it_does_not()
    {
        await using var site = new PartnerCmsSite(TestDatabase.Sqlite);
        await site.DeliverEventsAsync();
        using var admin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        var json = JsonSerializer.Serialize(new
        {
            activities = new object[]
            {
                new { id = "accepted", type = "OfferAccepted", start = true },
                new { id = "role", type = "AssignRole", settings = new { users = "{{ event.acceptedBy }}", role = "Customer:UserAdministrator", customer = "{{ event.customerOrganizationId }}" } },
            },
            transitions = new[] { new { from = "accepted", outcome = "Done", to = "role" } },
        });
        var workflow = await WorkflowTestSteps.ImportEnabledAsync(admin, "Customer user administrators", json);
        var partnerRole = await admin.PostFormAsync("/partner/workflows/import", new Dictionary<string, string> { ["name"] = "Wrong", ["json"] = json.Replace("Customer:UserAdministrator", "Partner:Sales", StringComparison.Ordinal) }, "/partner/workflows");

        var (delegatedId, delegatedDomain) = await NewContosoCustomerAsync(site, delegated: true);
        var (plainId, plainDomain) = await NewContosoCustomerAsync(site, delegated: false);
        await site.DeliverEventsAsync();

        var roles = await site.AsSystemAsync(async sp => (
            await Users(sp).IsInRoleAsync((await Users(sp).FindByNameAsync("admin@" + delegatedDomain))!, "Customer:UserAdministrator"),
            await Users(sp).IsInRoleAsync((await Users(sp).FindByNameAsync("admin@" + plainDomain))!, "Customer:UserAdministrator")));
        var runs = await RunsOfAsync(site, workflow);
        var audit = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<PartnerCms.Audit.Models.AuditEntry>().IgnoreQueryFilters()
            .Where(e => e.Action == "user.role-assigned" && e.CustomerOrganizationId == delegatedId).Select(e => e.PartnerOrganizationId).ToListAsync());

        Assert.Equal(HttpStatusCode.BadRequest, partnerRole.StatusCode);
        Assert.Contains("is not a role of a customer organization", WebUtility.HtmlDecode(await partnerRole.Content.ReadAsStringAsync()));
        Assert.True(roles.Item1, string.Join(" | ", runs.Select(r => r.Status + " " + r.Fault)));
        Assert.False(roles.Item2);
        Assert.Equal(Contoso, Assert.Single(audit));
        Assert.Contains(runs, r => r.Status == WorkflowStatus.Finished);
        Assert.Contains(runs, r => r.Status == WorkflowStatus.Faulted && r.Fault!.Contains($"not the delegated administrator of customer '{plainId}'", StringComparison.Ordinal));

        static UserManager<PartnerCmsUser> Users(IServiceProvider sp) => sp.GetRequiredService<UserManager<PartnerCmsUser>>();
    }

    [Fact]
    [Trait("Rule", "R23")]
    public async Task A_workflow_that_starts_itself_again_is_stopped_after_a_chain_of_events_with_the_reason_in_its_run()
    {
        await using var site = new PartnerCmsSite(TestDatabase.Sqlite);
        await site.DeliverEventsAsync();
        using var admin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        // Every service request opens another one: a loop through the outbox, one event per step.
        await WorkflowTestSteps.ImportEnabledAsync(admin, "Echo", JsonSerializer.Serialize(new
        {
            activities = new object[]
            {
                new { id = "opened", type = "ServiceRequestOpened", start = true },
                new { id = "again", type = "CreateServiceRequest", settings = new { customer = "{{ event.customerOrganizationId }}", title = "Echo", description = "Again.", contactName = "Loop", contactEmail = "dana@fabrikam.example" } },
            },
            transitions = new[] { new { from = "opened", outcome = "Done", to = "again" } },
        }));
        await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCms.Customers.Services.ServiceRequestService>().OpenAsync(Contoso, "fabrikam", new PartnerCms.Customers.Services.ServiceRequestInput
        {
            Title = "First",
            Description = "The one a user opened.",
            ContactName = "Dana",
            ContactEmail = "dana@fabrikam.example",
        }, "user-1", DemoUsers.ContosoFull.UserName));

        await site.DeliverEventsAsync();
        await site.DeliverEventsAsync();

        var echoes = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<PartnerCms.Customers.Models.ServiceRequest>().IgnoreQueryFilters().CountAsync(r => r.Title == "Echo"));
        var faulted = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<WorkflowInstance>().IgnoreQueryFilters().AsNoTracking().Where(i => i.Status == WorkflowStatus.Faulted).ToListAsync());
        var pending = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<OutboxMessage>().CountAsync(m => m.Status == OutboxStatus.Pending));

        // The user's event (depth 0) and the ones workflows caused up to the limit each ran; the next was stopped.
        Assert.Equal(WorkflowRunner.MaxEventChain + 1, echoes);
        var stopped = Assert.Single(faulted);
        Assert.Contains("chain of events that workflows caused", stopped.Fault, StringComparison.Ordinal);
        Assert.Equal(0, pending);
    }
}
