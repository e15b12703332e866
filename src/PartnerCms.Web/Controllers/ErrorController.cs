using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace PartnerCms.Web.Controllers;

/// <summary>Friendly pages for error status codes (re-executed by the status-code pages middleware).</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ErrorController : Controller
{
    [Route("error/{code:int}")]
    public IActionResult Status(int code)
    {
        var feature = HttpContext.Features.Get<IStatusCodeReExecuteFeature>();
        Response.StatusCode = code is >= 400 and < 600 ? code : 500;
        if (Request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true))
        {
            var problem = Problem(statusCode: Response.StatusCode, title: ErrorTexts.Title(code),
                detail: HttpContext.Items[PartnerCms.Core.Hosting.RequestInputGuard.MessageKey] as string ?? ErrorTexts.Detail(code), instance: feature?.OriginalPath);
            ((Microsoft.AspNetCore.Mvc.ProblemDetails)problem.Value!).Extensions["requestId"] = HttpContext.TraceIdentifier;
            return problem;
        }

        ViewData["Title"] = ErrorTexts.Title(code);
        ViewData["Detail"] = HttpContext.Items[PartnerCms.Core.Hosting.RequestInputGuard.MessageKey] as string;
        ViewData["RequestId"] = HttpContext.TraceIdentifier;
        return View(model: code);
    }
}

public static class ErrorTexts
{
    public static string Title(int code) => code switch
    {
        400 => "The request could not be understood",
        403 => "You do not have access to this page",
        404 => "Page not found",
        409 => "Someone else changed this at the same time",
        429 => "Too many requests",
        _ => "Something went wrong",
    };

    public static string Detail(int code) => code switch
    {
        400 => "The form may have expired. Go back, reload the page and try again.",
        403 => "Your role in your organization does not include this. Ask your global administrator if you need it.",
        404 => "The page or item does not exist, or it belongs to another organization.",
        409 => "Reload the page to see the latest version, then make your change again.",
        429 => "You have made too many requests in a short time. Wait a minute, then try again.",
        _ => "An unexpected error happened. Nothing you entered was saved; please try again.",
    };
}
