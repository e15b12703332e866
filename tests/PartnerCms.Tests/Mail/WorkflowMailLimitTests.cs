using System.Net;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Data;
using PartnerCms.Mail.Models;
using PartnerCms.Mail.Services;
using PartnerCms.Notifications.Services;
using PartnerCms.Tests.Infrastructure;
using PartnerCms.Tests.Workflows;
using PartnerCms.Workflows.Models;
using static PartnerCms.Tests.Infrastructure.OfferSteps;

namespace PartnerCms.Tests.Mail;

/// <summary>
/// Workflows are no mail relay: a Send e-mail step looping to itself ends at the operator's limit per run with the run
/// faulted and the partner's global administrators notified (once); recipients per message, messages per organization
/// per hour, and addresses outside the partner's users and its customers' users are refused the same way; the platform's
/// sender carries the partner's name and takes replies at the partner's address; the partner sees the limits.
/// </summary>
[Trait("Area", "Hardening")]
public abstract class WorkflowMailLimitTests(TestDatabase database)
{
    private const string Contoso = "contoso-partners";

    private static string Loop(string to) => JsonSerializer.Serialize(new
    {
        activities = new object[]
        {
            new { id = "created", type = "OfferCreated", start = true },
            new { id = "mail", type = "SendEmail", settings = new { to, subject = "Offer {{ event.quoteId }}", body = "Buy now." } },
        },
        transitions = new[] { new { from = "created", outcome = "Done", to = "mail" }, new { from = "mail", outcome = "Done", to = "mail" } },
    });

    private static Task<List<WorkflowInstance>> RunsAsync(PartnerCmsSite site, string workflow) => site.AsSystemAsync(sp =>
        sp.GetRequiredService<PartnerCmsDbContext>().Set<WorkflowInstance>().IgnoreQueryFilters().AsNoTracking().Where(i => i.WorkflowTypeId == workflow).OrderBy(i => i.CreatedUtc).ToListAsync());

    private static Task<List<OutgoingMail>> MailsAsync(PartnerCmsSite site) => site.AsSystemAsync(sp =>
        sp.GetRequiredService<PartnerCmsDbContext>().Set<OutgoingMail>().IgnoreQueryFilters().AsNoTracking().Where(m => m.Source.StartsWith("Workflow ")).ToListAsync());

    private static Task<List<Notification>> NoticesAsync(PartnerCmsSite site) => site.AsSystemAsync(sp =>
        sp.GetRequiredService<PartnerCmsDbContext>().Set<Notification>().IgnoreQueryFilters().AsNoTracking().Where(n => n.Source == "Workflow mail limits").ToListAsync());

    private static async Task<HttpResponseMessage> SetLimitsAsync(PortalClient operatorClient, string perRun = "10", string perMessage = "20", string perHour = "200", string perDay = "1000", bool outside = false) =>
        await operatorClient.PostFormAsync("/admin/mail/limits", new Dictionary<string, string>
        {
            ["MessagesPerRun"] = perRun,
            ["RecipientsPerMessage"] = perMessage,
            ["MessagesPerHour"] = perHour,
            ["MessagesPerDay"] = perDay,
            ["AllowOutsideRecipients"] = outside ? "true" : "false",
        }, "/admin/mail");

    private static async Task NewOfferAsync(PartnerCmsSite site, PortalClient sales)
    {
        await CreateOfferAsync(sales, "purchase", "US", await OfficeAsync(site, Contoso, "RED-001"), [("INTUNE-P1", 5)]);
        await site.DeliverEventsAsync();
    }

    [Fact]
    public async Task A_mail_step_looping_to_itself_stops_at_the_limit_per_run_faulted_and_the_administrators_are_told_once()
    {
        await using var site = new PartnerCmsSite(database);
        await site.DeliverEventsAsync();
        using var admin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        var workflow = await WorkflowTestSteps.ImportEnabledAsync(admin, "Relay", Loop("{{ event.createdBy }}"));
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);

        await NewOfferAsync(site, sales);
        await NewOfferAsync(site, sales);

        var runs = await RunsAsync(site, workflow);
        var mails = await MailsAsync(site);
        var notices = await NoticesAsync(site);
        var adminId = await site.UserIdAsync(DemoUsers.ContosoAdmin.UserName);
        Assert.Equal(2, runs.Count);
        Assert.All(runs, run => Assert.Equal(WorkflowStatus.Faulted, run.Status));
        Assert.All(runs, run => Assert.Contains("the limit per run", run.Fault, StringComparison.Ordinal));
        Assert.Equal(20, mails.Count);
        Assert.All(runs, run => Assert.Equal(10, mails.Count(m => m.Source.EndsWith("run " + run.Id, StringComparison.Ordinal))));
        var notice = Assert.Single(notices);
        Assert.Equal(adminId, notice.UserId);
        Assert.Equal(Contoso, notice.OrganizationId);
        Assert.Contains(runs[0].Id, notice.Link, StringComparison.Ordinal);

        // The platform's address sends, in the partner's name; replies go to the partner's company address.
        var message = MailDispatcher.ToMime(mails[0], "PartnerCms <no-reply@partnercms.example>");
        var from = Assert.Single(message.From.Mailboxes);
        Assert.Equal(("Contoso Partners", "no-reply@partnercms.example"), (from.Name, from.Address));
        Assert.Equal("hello@contosopartners.example", Assert.Single(message.ReplyTo.Mailboxes).Address);
    }

    [Fact]
    public async Task Too_many_recipients_outside_addresses_and_the_hourly_limit_fault_the_run_and_the_operator_sets_what_the_partner_sees()
    {
        await using var site = new PartnerCmsSite(database);
        await site.DeliverEventsAsync();
        using var admin = await site.SignInAsync(DemoUsers.ContosoAdmin);
        using var operatorClient = await site.SignInAsync(DemoUsers.Operator);
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var fifty = string.Join(", ", Enumerable.Range(1, 50).Select(i => $"victim{i}@elsewhere.example"));

        // 50 outside addresses: refused for the count first; one outside address: refused as outside.
        var wide = await WorkflowTestSteps.ImportEnabledAsync(admin, "Wide", Loop(fifty));
        await NewOfferAsync(site, sales);
        await DisableAsync(admin, wide);
        var outside = await WorkflowTestSteps.ImportEnabledAsync(admin, "Outside", Loop("victim@elsewhere.example"));
        await NewOfferAsync(site, sales);
        Assert.Empty(await MailsAsync(site));
        Assert.Contains("50 recipients; the limit is 20", Assert.Single(await RunsAsync(site, wide)).Fault, StringComparison.Ordinal);
        Assert.Contains("victim@elsewhere.example is neither a user of your organization nor of one of your customers", Assert.Single(await RunsAsync(site, outside)).Fault, StringComparison.Ordinal);
        await DisableAsync(admin, outside);

        // The operator allows outside recipients and lowers the hourly limit to 3: a loop ends at 3, for the hour.
        var badLimits = await SetLimitsAsync(operatorClient, perRun: "abc", perMessage: "-5", perHour: "99999999999", perDay: "x");
        Assert.Equal(HttpStatusCode.BadRequest, (await SetLimitsAsync(operatorClient, perDay: "1\0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badLimits.StatusCode);
        var badPage = new HtmlParser().ParseDocument(await badLimits.Content.ReadAsStringAsync());
        Assert.Equal(4, badPage.QuerySelectorAll("[data-testid='mail-limits-form'] .field-validation-error").Length);
        Assert.Equal(HttpStatusCode.Redirect, (await SetLimitsAsync(operatorClient, perHour: "3", perDay: "3", outside: true)).StatusCode);
        var hourly = await WorkflowTestSteps.ImportEnabledAsync(admin, "Hourly", Loop("friend@elsewhere.example"));
        await NewOfferAsync(site, sales);
        Assert.Contains("3 messages in the last hour", Assert.Single(await RunsAsync(site, hourly)).Fault, StringComparison.Ordinal);
        Assert.Equal(3, (await MailsAsync(site)).Count);

        // The partner sees the limits in force on its workflows page.
        var (_, page) = await admin.GetPageAsync("/partner/workflows");
        var limits = new HtmlParser().ParseDocument(page).QuerySelectorAll("[data-testid='workflow-limits']").Select(e => e.TextContent).Single(t => t.StartsWith("Workflow e-mail", StringComparison.Ordinal));
        Assert.Contains("at most 10 messages per run, 20 recipients per message, 3 messages per hour and 3 per day", limits, StringComparison.Ordinal);
        Assert.Contains("writes to any address", limits, StringComparison.Ordinal);

        // Only the operator sets them.
        Assert.Equal(HttpStatusCode.Forbidden, (await SetLimitsAsync(admin)).StatusCode);
    }

    private static async Task DisableAsync(PortalClient admin, string workflow) =>
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/partner/workflows/{workflow}/disable", new Dictionary<string, string>(), "/partner/workflows")).StatusCode);
}

public sealed class WorkflowMailLimitTestsOnSqlite() : WorkflowMailLimitTests(TestDatabase.Sqlite);

public sealed class WorkflowMailLimitTestsOnPostgres() : WorkflowMailLimitTests(TestDatabase.Postgres);
