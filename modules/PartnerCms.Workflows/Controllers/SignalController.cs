using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using PartnerCms.Core.Organizations;
using PartnerCms.Workflows.Activities;

using PartnerCms.Workflows.Services;

namespace PartnerCms.Workflows.Controllers;

public sealed record SignalPage(string Token, bool Valid, bool? Done);

/// <summary>
/// A workflow's signal link, for whoever received it: the page asks to confirm (a GET never resumes anything, so a mail
/// scanner that opens links does not), the POST resumes the waiting instance once.
/// </summary>
[AllowAnonymous]
[Route("workflows/signal/{token}")]
public sealed class SignalController(WorkflowSignalLinks links, WorkflowRunner runner, ICurrentOrganization currentOrganization) : Controller
{
    [HttpGet("")]
    public IActionResult Show(string token)
    {
        var valid = links.Read(token) is not null;
        Response.StatusCode = valid ? StatusCodes.Status200OK : StatusCodes.Status404NotFound;
        return View("Signal", new SignalPage(token, valid, null));
    }

    [HttpPost("")]
    public async Task<IActionResult> Confirm(string token, CancellationToken cancellationToken)
    {
        if (links.Read(token) is not { } target)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return View("Signal", new SignalPage(token, false, null));
        }

        bool resumed;
        using (currentOrganization.RunAsSystem())
        {
            resumed = await runner.ResumeAsync(target.InstanceId, target.ActivityId, cancellationToken);
        }

        Response.StatusCode = resumed ? StatusCodes.Status200OK : StatusCodes.Status409Conflict;
        return View("Signal", new SignalPage(token, true, resumed));
    }
}
