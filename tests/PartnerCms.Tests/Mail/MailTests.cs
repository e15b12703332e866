using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using PartnerCms.Core.Data;
using PartnerCms.Mail.Models;
using PartnerCms.Mail.Services;
using PartnerCms.Tests.Infrastructure;

namespace PartnerCms.Tests.Mail;

/// <summary>
/// Outgoing e-mail through the mail outbox, against a real SMTP server on loopback (SmtpServer, received messages parsed
/// by MimeKit): the operator's test message arrives; a server that is down at first loses nothing; a message that keeps
/// failing is marked failed with its error and can be sent again; without a server, messages become .eml files. The
/// demo's workflows send mail of their own meanwhile: each test looks only at the messages it queued.
/// </summary>
[Trait("Area", "Mail")]
public abstract class MailTests(TestDatabase database)
{
    private static readonly string[] Ours = ["Test", "Operator test"];

    private static Task<List<OutgoingMail>> MailsAsync(PartnerCmsSite site) =>
        site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<OutgoingMail>().IgnoreQueryFilters().AsNoTracking().Where(m => Ours.Contains(m.Source)).OrderBy(m => m.Id).ToListAsync());

    private static bool FromTest(MimeMessage message) => message.Subject is "PartnerCms test message" or "First" or "Second" or "Third" or "Needs a second chance";

    private static async Task<List<OutgoingMail>> WaitForMailsAsync(PartnerCmsSite site, Func<List<OutgoingMail>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        var mails = await MailsAsync(site);
        while (!done(mails) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            mails = await MailsAsync(site);
        }

        return done(mails) ? mails : throw new Xunit.Sdk.XunitException("Mail outbox not as expected: " + string.Join("; ", mails.Select(m => $"{m.Id} {m.Status} {m.Attempts} {m.LastError}")));
    }

    private static Task QueueAsync(PartnerCmsSite site, params string[] subjects) => site.AsSystemAsync(async sp =>
    {
        var queue = sp.GetRequiredService<MailQueue>();
        foreach (var subject in subjects)
        {
            queue.Add(new MailRequest(["Dana Example <dana@customer.example>", "ops@customer.example"], subject, "Hello from the test: " + subject, "Test"));
        }

        return await sp.GetRequiredService<PartnerCmsDbContext>().SaveChangesAsync();
    });

    [Fact]
    public async Task An_operators_test_message_reaches_a_real_SMTP_server_and_is_listed_as_sent()
    {
        await using var smtp = new SmtpTestServer();
        await smtp.StartAsync();
        await using var site = new PartnerCmsSite(database, smtp.Settings());
        using var operatorClient = await site.SignInAsync(DemoUsers.Operator);

        var queued = await operatorClient.PostFormAsync("/admin/mail/test", new Dictionary<string, string> { ["To"] = "Ops Team <ops@partner.example>" }, "/admin/mail");
        var message = Assert.Single(await smtp.WaitForAsync(1, FromTest));
        var mails = await WaitForMailsAsync(site, m => m.Count == 1 && m[0].Status == MailStatus.Sent);
        var (status, page) = await operatorClient.GetPageAsync("/admin/mail");

        Assert.Equal(HttpStatusCode.Redirect, queued.StatusCode);
        Assert.Equal("PartnerCms test message", message.Subject);
        Assert.Equal("ops@partner.example", Assert.Single(message.To.Mailboxes).Address);
        Assert.Equal("no-reply@partnercms.example", Assert.Single(message.From.Mailboxes).Address);
        Assert.Contains("outgoing mail works", message.TextBody);
        Assert.Equal(mails[0].MessageId, message.MessageId);
        Assert.Equal(1, mails[0].Attempts);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("PartnerCms test message", page);
        Assert.Contains($"SMTP server 127.0.0.1:{smtp.Port}", page);
    }

    [Fact]
    public async Task Mail_queued_while_the_SMTP_server_is_down_is_delivered_once_it_comes_up()
    {
        await using var smtp = new SmtpTestServer();
        // Enough attempts (a second apart at most) to outlast the operator's sign-in below on a busy machine.
        await using var site = new PartnerCmsSite(database, smtp.Settings(maxAttempts: 120));
        await QueueAsync(site, "First", "Second", "Third");

        // Attempts fail while nothing listens; the error is kept and shown to the operator.
        var waiting = await WaitForMailsAsync(site, m => m.Count == 3 && m.All(x => x.Attempts >= 1 && x.Status == MailStatus.Queued && x.LastError is not null));
        using var operatorClient = await site.SignInAsync(DemoUsers.Operator);
        var (_, page) = await operatorClient.GetPageAsync("/admin/mail?status=Queued");
        await smtp.StartAsync();
        var received = await smtp.WaitForAsync(3, FromTest);
        var sent = await WaitForMailsAsync(site, m => m.All(x => x.Status == MailStatus.Sent));
        // Every message is Sent: a further pass sends none of them again (it may send the demo's own notices, queued
        // meanwhile by the expiry job, which are not this test's).
        await site.Services.GetRequiredService<MailDispatcher>().SendDueAsync(CancellationToken.None);

        Assert.Equal(3, smtp.Received.Count(FromTest));
        Assert.Contains("127.0.0.1", waiting[0].LastError);
        Assert.Contains("Next attempt", page);
        Assert.Equal(["First", "Second", "Third"], received.Select(m => m.Subject).Order());
        Assert.Equal(3, smtp.Received.Count(FromTest));
        Assert.All(received, m => Assert.Equal(["dana@customer.example", "ops@customer.example"], m.To.Mailboxes.Select(x => x.Address)));
        Assert.All(sent, m => Assert.Null(m.LastError));
    }

    [Fact]
    public async Task A_message_that_keeps_failing_is_marked_failed_with_its_error_and_the_operator_sends_it_again()
    {
        await using var smtp = new SmtpTestServer();
        await using var site = new PartnerCmsSite(database, smtp.Settings(maxAttempts: 2));
        await QueueAsync(site, "Needs a second chance");

        var failed = Assert.Single(await WaitForMailsAsync(site, m => m.Count == 1 && m[0].Status == MailStatus.Failed));
        using var operatorClient = await site.SignInAsync(DemoUsers.Operator);
        var (_, page) = await operatorClient.GetPageAsync("/admin/mail?status=Failed");
        await smtp.StartAsync();
        var retried = await operatorClient.PostFormAsync($"/admin/mail/{failed.Id}/retry", new Dictionary<string, string>(), "/admin/mail");
        var message = Assert.Single(await smtp.WaitForAsync(1, FromTest));
        var sent = Assert.Single(await WaitForMailsAsync(site, m => m[0].Status == MailStatus.Sent));
        var again = await operatorClient.PostFormAsync($"/admin/mail/{failed.Id}/retry", new Dictionary<string, string>(), "/admin/mail");
        var (_, afterAgain) = await operatorClient.GetPageAsync("/admin/mail");

        Assert.Equal(2, failed.Attempts);
        Assert.Contains("Send again", page);
        Assert.Contains(WebUtility.HtmlEncode(failed.LastError!), page);
        Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        Assert.Equal("Needs a second chance", message.Subject);
        Assert.Equal(1, sent.Attempts);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Contains("has not failed", WebUtility.HtmlDecode(afterAgain));
        Assert.Single(smtp.Received, FromTest);
    }

    [Fact]
    public async Task Without_an_SMTP_server_messages_land_as_eml_files_in_the_pickup_folder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "partnercms-tests", "pickup-" + Guid.NewGuid().ToString("N")[..8]);
        await using var site = new PartnerCmsSite(database, new Dictionary<string, string?> { ["Mail:PickupFolder"] = folder, ["Mail:PollInterval"] = "00:00:00.200" });
        await QueueAsync(site, "To the folder");

        var mail = Assert.Single(await WaitForMailsAsync(site, m => m.Count == 1 && m[0].Status == MailStatus.Sent));
        var messages = new List<(string File, MimeMessage Message)>();
        foreach (var eml in System.IO.Directory.GetFiles(folder, "*.eml"))
        {
            messages.Add((eml, await MimeMessage.LoadAsync(eml)));
        }

        var (file, message) = Assert.Single(messages, m => m.Message.Subject == "To the folder");

        Assert.Equal("To the folder", message.Subject);
        Assert.Equal(mail.MessageId, message.MessageId);
        Assert.Equal(2, message.To.Mailboxes.Count());
        // The message was written under a temporary name and renamed. (Other files may be in flight: the demo's own
        // notices, queued by its jobs meanwhile, go to the same folder.)
        Assert.False(File.Exists(Path.Combine(folder, "." + Path.GetFileName(file) + ".tmp")));
    }
}

public sealed class MailTestsOnSqlite() : MailTests(TestDatabase.Sqlite);

public sealed class MailTestsOnPostgres() : MailTests(TestDatabase.Postgres);

/// <summary>Only the platform operator reaches the mail outbox; bad input on its forms gets a message, never a 5xx.</summary>
[Trait("Area", "Hardening")]
public sealed class MailAccessTests
{
    [Fact]
    public async Task Only_the_platform_operator_sees_outgoing_mail_or_sends_a_test_message()
    {
        await using var site = new PartnerCmsSite(TestDatabase.Sqlite);
        var results = new List<string>();
        foreach (var user in new[] { DemoUsers.ContosoAdmin, DemoUsers.FabrikamAdmin, DemoUsers.ContosoSales })
        {
            using var client = await site.SignInAsync(user);
            var list = await client.GetAsync("/admin/mail");
            var test = await client.PostFormAsync("/admin/mail/test", new Dictionary<string, string> { ["To"] = "x@example.com" }, "/account/password");
            var retry = await client.PostFormAsync("/admin/mail/1/retry", new Dictionary<string, string>(), "/account/password");
            results.Add($"{user.UserName} {(int)list.StatusCode} {(int)test.StatusCode} {(int)retry.StatusCode}");
        }

        using var anonymous = site.Anonymous();
        var anonymousList = await anonymous.GetAsync("/admin/mail");
        var queued = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<OutgoingMail>().CountAsync(m => m.Source == "Operator test"));

        Assert.All(results, r => Assert.EndsWith(" 403 403 403", r));
        Assert.Equal(HttpStatusCode.Redirect, anonymousList.StatusCode);
        Assert.Contains("/account/signin", anonymousList.Headers.Location!.OriginalString);
        Assert.Equal(0, queued);
    }

    [Fact]
    public async Task Hostile_values_on_the_mail_page_get_a_message_never_a_5xx_and_queue_nothing()
    {
        await using var site = new PartnerCmsSite(TestDatabase.Sqlite);
        using var operatorClient = await site.SignInAsync(DemoUsers.Operator);
        var responses = new List<(string What, HttpStatusCode Status, string Body)>();
        foreach (var to in new[] { "", "x\0y@example.com", new string('a', 100_000), "a@", "@b", "[", "one@example.com, two@example.com", "Name <no-at-sign>", "a@b.c\r\nBcc: x@y.z" })
        {
            var response = await operatorClient.PostFormAsync("/admin/mail/test", new Dictionary<string, string> { ["To"] = to }, "/admin/mail");
            responses.Add(("To=" + to[..Math.Min(to.Length, 30)], response.StatusCode, await response.Content.ReadAsStringAsync()));
        }

        foreach (var url in new[] { "/admin/mail?status=[&page=-1", "/admin/mail?status=Sent&page=99999999999999999999", "/admin/mail?status=%00" })
        {
            using var response = await operatorClient.GetAsync(url);
            responses.Add((url, response.StatusCode, await response.Content.ReadAsStringAsync()));
        }

        var retryUnknown = await operatorClient.PostFormAsync("/admin/mail/999999/retry", new Dictionary<string, string>(), "/admin/mail");
        var retryBad = await operatorClient.PostFormAsync("/admin/mail/abc/retry", new Dictionary<string, string>(), "/admin/mail");
        var queued = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<OutgoingMail>().CountAsync(m => m.Source == "Operator test"));

        Assert.All(responses, r => Assert.True((int)r.Status < 500, $"{(int)r.Status} {r.What}"));
        Assert.All(responses.Where(r => r.What.StartsWith("To=", StringComparison.Ordinal)), r => Assert.Equal(HttpStatusCode.BadRequest, r.Status));
        Assert.Contains("is not an e-mail address", WebUtility.HtmlDecode(responses[3].Body));
        Assert.Equal(HttpStatusCode.Redirect, retryUnknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, retryBad.StatusCode);
        Assert.Equal(0, queued);
    }
}
