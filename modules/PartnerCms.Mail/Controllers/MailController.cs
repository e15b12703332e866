using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using PartnerCms.Core.Security;
using PartnerCms.Mail.Models;
using PartnerCms.Mail.Services;

namespace PartnerCms.Mail.Controllers;

public sealed class TestMailForm
{
    public string? To { get; set; }
}

public sealed record MailPage(
    IReadOnlyDictionary<MailStatus, int> Counts, IReadOnlyList<OutgoingMail> Mails, int Total, int Page, MailStatus? Status, string Transport, TestMailForm Form, WorkflowMailLimits Limits);

/// <summary>The operator's outgoing mail: what is queued, sent and failed (with attempts and the last error), send a failed one again, send a test message.</summary>
[Route("admin/mail")]
[RequirePermission(MailPermissionNames.ManageMail)]
public sealed class MailController(MailAdministration mail, MailQueue queue, IMailTransport transport, WorkflowMail workflowMail) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] string? status, [FromQuery] string? page, CancellationToken cancellationToken) =>
        View(await PageAsync(status, page, new TestMailForm(), cancellationToken));

    [HttpPost("{id:long}/retry")]
    public async Task<IActionResult> Retry(long id, CancellationToken cancellationToken)
    {
        if (await mail.RetryAsync(id, cancellationToken))
        {
            TempData["Status"] = $"Message {id} is queued again; it is sent within seconds.";
        }
        else
        {
            TempData["Error"] = $"Message {id} has not failed (it may have been sent already).";
        }

        return RedirectToAction(nameof(Index));
    }

    [HttpPost("test")]
    public async Task<IActionResult> Test(TestMailForm form, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var request = new MailRequest([form.To?.Trim() ?? string.Empty], "PartnerCms test message",
            $"This is a test message from PartnerCms, sent by {User.Identity?.Name} through the {transport.Describe()}.\n\nIf you read this, outgoing mail works.",
            "Operator test");
        if (MailQueue.Validate(request) is { } problem)
        {
            ModelState.AddModelError(nameof(TestMailForm.To), problem);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Index", await PageAsync(null, null, form, cancellationToken));
        }

        var queued = await queue.QueueAsync(request, cancellationToken);
        TempData["Status"] = $"Test message {queued.Id} to {queued.To} is queued; it is sent within seconds.";
        return RedirectToAction(nameof(Index));
    }

    [HttpPost("limits")]
    public async Task<IActionResult> Limits(string? messagesPerRun, string? recipientsPerMessage, string? messagesPerHour, string? messagesPerDay, string? allowOutsideRecipients, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        static int Number(string? text) => int.TryParse(text?.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : -1;
        var limits = new WorkflowMailLimits
        {
            MessagesPerRun = Number(messagesPerRun),
            RecipientsPerMessage = Number(recipientsPerMessage),
            MessagesPerHour = Number(messagesPerHour),
            MessagesPerDay = Number(messagesPerDay),
            AllowOutsideRecipients = allowOutsideRecipients == "true",
        };
        var errors = await workflowMail.SaveLimitsAsync(limits, User.Identity?.Name ?? "operator", cancellationToken);
        if (errors.Count > 0)
        {
            foreach (var (field, message) in errors)
            {
                ModelState.AddModelError(field, message);
            }

            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Index", (await PageAsync(null, null, new TestMailForm(), cancellationToken)) with { Limits = limits });
        }

        TempData["Status"] = "The limits on workflow mail are saved; they apply to the next message any workflow sends.";
        return RedirectToAction(nameof(Index), null, null, "limits");
    }

    private async Task<MailPage> PageAsync(string? status, string? page, TestMailForm form, CancellationToken cancellationToken)
    {
        MailStatus? wanted = Enum.TryParse<MailStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : null;
        var number = int.TryParse(page, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is > 0 and < 100_000 ? n : 1;
        var (mails, total) = await mail.ListAsync(wanted, number, cancellationToken);
        return new MailPage(await mail.CountsAsync(cancellationToken), mails, total, number, wanted, transport.Describe(), form, await workflowMail.LimitsAsync(cancellationToken));
    }
}
