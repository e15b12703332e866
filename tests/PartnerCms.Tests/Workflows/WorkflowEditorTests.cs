using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Accounts;
using PartnerCms.Core.Data;
using PartnerCms.Mail.Models;
using PartnerCms.Tests.Infrastructure;
using PartnerCms.Workflows.Models;
using PartnerCms.Workflows.Services;

namespace PartnerCms.Tests.Workflows;

/// <summary>
/// The workflow editor's server side: settings checked per activity and field, publish refused while invalid,
/// drafts that detect a second editor, versions with differences and restore, a dry run that performs nothing, and
/// the editor refused to other roles and other partners.
/// </summary>
[Trait("Area", "Workflows")]
public sealed class WorkflowEditorTests : IAsyncLifetime
{
    private readonly PartnerCmsSite _site = new(TestDatabase.Sqlite);

    public async Task InitializeAsync() => await _site.DeliverEventsAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private static string Definition(params object[] activities) => JsonSerializer.Serialize(new { definition = new { activities, transitions = Array.Empty<object>() }, revision = 0 });

    private static async Task<string> NewWorkflowAsync(PortalClient admin, string name)
    {
        var created = await admin.PostFormAsync("/partner/workflows/new", new Dictionary<string, string> { ["name"] = name }, "/partner/workflows");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        return created.Headers.Location!.OriginalString.Split('/')[3];
    }

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> PostAsync(PortalClient client, string id, string action, string json)
    {
        var response = await client.PostJsonAsync($"/partner/workflows/{id}/{action}", json, $"/partner/workflows/{id}/editor");
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 && text.TrimStart().StartsWith('{') ? JsonNode.Parse(text) : null);
    }

    private static readonly object OfferAccepted = new { id = "accepted", type = "OfferAccepted", start = true };

    [Fact]
    public async Task A_second_workflow_with_a_taken_name_is_refused_with_a_message_and_leaves_no_stray_definition()
    {
        using var admin = await _site.SignInAsync(DemoUsers.ContosoAdmin);
        var json = JsonSerializer.Serialize(new { activities = new object[] { OfferAccepted, new { id = "log", type = "Log", settings = new { message = "hi" } } } });
        Task<HttpResponseMessage> ImportAsync() => admin.PostFormAsync("/partner/workflows/import", new Dictionary<string, string> { ["name"] = "Twice", ["json"] = json }, "/partner/workflows");
        Task<(int Types, int Definitions)> CountAsync() => _site.AsSystemAsync(async sp =>
        {
            var db = sp.GetRequiredService<PartnerCmsDbContext>();
            return (await db.Set<WorkflowType>().IgnoreQueryFilters().CountAsync(),
                await db.ContentItems.IgnoreQueryFilters().Where(c => c.ContentType == WorkflowDefinitionPart.ContentType).Select(c => c.ContentItemId).Distinct().CountAsync());
        });

        var first = await ImportAsync();
        var before = await CountAsync();
        var second = await ImportAsync();
        var body = System.Net.WebUtility.HtmlDecode(await second.Content.ReadAsStringAsync());
        var after = await CountAsync();

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Contains("There is already a workflow named 'Twice'.", body, StringComparison.Ordinal);
        Assert.Equal(before, after);
        Assert.Equal(after.Types, after.Definitions);
    }

    [Fact]
    [Trait("Rule", "R9")]
    public async Task Each_activitys_settings_are_checked_by_field_and_a_workflow_with_invalid_settings_is_neither_published_nor_enabled()
    {
        using var admin = await _site.SignInAsync(DemoUsers.ContosoAdmin);
        var id = await NewWorkflowAsync(admin, "Checked");
        var json = Definition(
            OfferAccepted,
            new { id = "mail", type = "SendEmail", settings = new { to = "{{ event.acceptedBy }}", subject = "Welcome\n{{ event.quoteId", body = "Hi", toRole = "Partner:NoSuchRole" } },
            new { id = "call", type = "HttpRequest", settings = new { url = "http://127.0.0.1/hook", timeoutSeconds = 99 } },
            new { id = "wait", type = "Timer", settings = new { duration = "00:00:00" } },
            new { id = "role", type = "AssignRole", settings = new { users = "a@b.example", role = "Customer:GlobalAdministrator" } });

        var (status, result) = await PostAsync(admin, id, "validate", json);
        var (publishStatus, _) = await PostAsync(admin, id, "publish", json);
        var enable = await admin.PostFormAsync($"/partner/workflows/{id}/enable", new Dictionary<string, string>(), "/partner/workflows");
        var state = await _site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<WorkflowType>().IgnoreQueryFilters().AsNoTracking().FirstAsync(t => t.Id == id));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(result!["valid"]!.GetValue<bool>());
        var activities = result["activities"]!;
        Assert.Contains("line 2", activities["mail"]!["subject"]![0]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(activities["mail"]!["toRole"]);
        Assert.NotNull(activities["call"]!["url"]);
        Assert.NotNull(activities["call"]!["timeoutSeconds"]);
        Assert.NotNull(activities["wait"]);
        Assert.NotNull(activities["role"]!["role"]);
        Assert.Null(activities["accepted"]);
        Assert.Equal(HttpStatusCode.BadRequest, publishStatus);
        Assert.Equal(0, state.Version);
        Assert.False(state.Enabled);
        Assert.Equal(HttpStatusCode.Redirect, enable.StatusCode);
    }

    [Fact]
    public async Task A_second_editor_saving_over_the_first_is_told_who_saved_and_nothing_is_overwritten()
    {
        using var first = await _site.SignInAsync(DemoUsers.ContosoAdmin);
        var id = await NewWorkflowAsync(first, "Shared");
        await _site.AsSystemAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PartnerCmsUser>>();
            return (await users.AddToRoleAsync((await users.FindByNameAsync(DemoUsers.ContosoSales.UserName))!, "Partner:GlobalAdministrator")).Succeeded;
        });
        using var second = await _site.SignInAsync(DemoUsers.ContosoSales);
        var mine = Definition(OfferAccepted, new { id = "log", type = "Log", settings = new { message = "first" } });
        var theirs = Definition(OfferAccepted, new { id = "log", type = "Log", settings = new { message = "second" } });

        var (savedStatus, saved) = await PostAsync(first, id, "draft", mine);
        var (conflictStatus, conflict) = await PostAsync(second, id, "draft", theirs);
        var (againStatus, _) = await PostAsync(first, id, "draft", mine.Replace("\"revision\":0", "\"revision\":1", StringComparison.Ordinal));
        var draft = JsonSerializer.Serialize((await _site.AsSystemAsync(sp => sp.GetRequiredService<WorkflowDefinitionStore>().DraftAsync(id))).Definition);

        Assert.Equal(HttpStatusCode.OK, savedStatus);
        Assert.Equal(1, saved!["revision"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Conflict, conflictStatus);
        Assert.Contains(DemoUsers.ContosoAdmin.UserName, conflict!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, againStatus);
        Assert.Contains("first", draft, StringComparison.Ordinal);
        Assert.DoesNotContain("second", draft, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Versions_list_their_differences_and_an_older_one_is_restored_as_the_newest()
    {
        using var admin = await _site.SignInAsync(DemoUsers.ContosoAdmin);
        var id = await NewWorkflowAsync(admin, "Versioned");
        var v1 = Definition(OfferAccepted, new { id = "log", type = "Log", settings = new { message = "one" } });
        var v2 = JsonSerializer.Serialize(new
        {
            definition = new
            {
                activities = new object[] { OfferAccepted, new { id = "log", type = "Log", settings = new { message = "two" } }, new { id = "wait", type = "Timer", settings = new { duration = "01:00:00" } } },
                transitions = new[] { new { from = "accepted", outcome = "Done", to = "wait" } },
            },
            revision = 1,
        });

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(admin, id, "publish", v1)).Status);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(admin, id, "publish", v2)).Status);
        var (_, diff) = await admin.GetPageAsync($"/partner/workflows/{id}/versions?from=1&to=2");
        var restore = await admin.PostFormAsync($"/partner/workflows/{id}/versions/1/restore", new Dictionary<string, string>(), $"/partner/workflows/{id}/versions");
        var restored = await _site.AsSystemAsync(sp => sp.GetRequiredService<WorkflowDefinitionStore>().DefinitionAsync(id, 3));
        var badCompare = await admin.GetAsync($"/partner/workflows/{id}/versions?from=1&to=99");

        diff = WebUtility.HtmlDecode(diff);
        Assert.Contains("Added wait (Timer)", diff, StringComparison.Ordinal);
        Assert.Contains("log: message \"one\" → \"two\"", diff, StringComparison.Ordinal);
        Assert.Contains("Connected accepted —Done→ wait", diff, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, restore.StatusCode);
        Assert.NotNull(restored);
        Assert.Equal(2, restored!.Activities.Count);
        Assert.Equal("one", restored.Activities.Single(a => a.Id == "log").Settings["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, badCompare.StatusCode);
    }

    [Fact]
    [Trait("Rule", "R16")]
    public async Task A_dry_run_returns_the_journal_and_sends_grants_notifies_and_calls_nothing()
    {
        using var admin = await _site.SignInAsync(DemoUsers.ContosoAdmin);
        var id = await NewWorkflowAsync(admin, "Dry");
        var json = JsonSerializer.Serialize(new
        {
            definition = new
            {
                activities = new object[]
                {
                    OfferAccepted,
                    new { id = "mail", type = "SendEmail", settings = new { to = "{{ event.acceptedBy }}", subject = "Dry {{ event.quoteId }}", body = "Hi" } },
                    new { id = "grant", type = "GrantDelegatedAccess", settings = new { users = DemoUsers.ContosoSales.UserName, level = "Full" } },
                    new { id = "notify", type = "NotifyUsers", settings = new { role = "Partner:Sales", title = "Dry {{ event.quoteId }}" } },
                    new { id = "wait", type = "Timer", settings = new { duration = "7.00:00:00" } },
                    new { id = "call", type = "HttpRequest", settings = new { url = "https://hooks.example.com/partner" } },
                },
                transitions = new[]
                {
                    new { from = "accepted", outcome = "Done", to = "mail" }, new { from = "mail", outcome = "Done", to = "grant" }, new { from = "grant", outcome = "Done", to = "notify" },
                    new { from = "notify", outcome = "Done", to = "wait" }, new { from = "wait", outcome = "Done", to = "call" },
                },
            },
            eventType = "OfferAccepted",
            input = new { acceptedBy = "dry@fabrikam.example", quoteId = "Q-DRY-001" },
        });

        var (status, result) = await PostAsync(admin, id, "dry-run", json);
        var effects = await _site.AsSystemAsync(async sp =>
        {
            var db = sp.GetRequiredService<PartnerCmsDbContext>();
            var users = sp.GetRequiredService<UserManager<PartnerCmsUser>>();
            return (
                Mails: await db.Set<OutgoingMail>().IgnoreQueryFilters().CountAsync(m => m.Subject.Contains("Q-DRY-001")),
                Notifications: await db.Set<PartnerCms.Notifications.Services.Notification>().IgnoreQueryFilters().CountAsync(n => n.Title.Contains("Q-DRY-001")),
                Access: (await users.FindByNameAsync(DemoUsers.ContosoSales.UserName))!.DelegatedAccess,
                Instances: await db.Set<WorkflowInstance>().IgnoreQueryFilters().CountAsync(i => i.WorkflowTypeId == id || i.WorkflowTypeId == "dry-run"),
                Jobs: await db.Set<PartnerCms.Core.Jobs.JobLease>().CountAsync(j => j.Name.StartsWith(WorkflowRunner.TimerJobKind + ":")));
        });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Finished", result!["status"]!.GetValue<string>());
        var journal = result["journal"]!.AsArray();
        Assert.Equal(["accepted", "mail", "grant", "notify", "wait", "call"], journal.Select(j => j!["activityId"]!.GetValue<string>()));
        Assert.Contains("Q-DRY-001", journal[1]!["input"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal((0, 0, DelegatedAccess.None, 0, 0), effects);
    }

    [Fact]
    public async Task Marketing_and_sales_get_403_from_the_editor_another_partners_workflow_is_404_and_bad_bodies_are_4xx()
    {
        await _site.RunRecipeAsync("second-partner.recipe.json");
        using var admin = await _site.SignInAsync(DemoUsers.ContosoAdmin);
        var id = await NewWorkflowAsync(admin, "Private");
        using var marketing = await _site.SignInAsync(DemoUsers.ContosoMarketing);
        using var sales = await _site.SignInAsync(DemoUsers.ContosoSales);
        using var other = await _site.SignInAsync(DemoUsers.WoodgroveAdmin);

        foreach (var client in new[] { marketing, sales })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/partner/workflows/{id}/editor")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostJsonAsync($"/partner/workflows/{id}/draft", Definition(OfferAccepted), "/admin")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/partner/workflows/{id}/editor")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostJsonAsync($"/partner/workflows/{id}/publish", Definition(OfferAccepted), "/partner/workflows")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostJsonAsync($"/partner/workflows/{id}/dry-run", "{}", "/partner/workflows")).StatusCode);

        var deep = new string('[', 5000) + new string(']', 5000);
        foreach (var body in new[] { "{", "null", "{\"definition\":" + deep + "}", "{\"definition\":{\"activities\":[{\"id\":\"a\u0000\",\"type\":\"[\"}]}}", "{\"definition\":{\"activities\":\"x\"}}" })
        {
            foreach (var action in new[] { "validate", "draft", "publish", "dry-run" })
            {
                var response = await admin.PostJsonAsync($"/partner/workflows/{id}/{action}", body, $"/partner/workflows/{id}/editor");
                Assert.True((int)response.StatusCode is >= 400 and < 500, $"{action} {body[..Math.Min(40, body.Length)]}: {(int)response.StatusCode}");
            }
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync($"/partner/workflows/instances?from=2026-13-45")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/partner/workflows/{id}/samples?event=SendEmail")).StatusCode);
    }
}
