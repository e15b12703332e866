using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PartnerCms.Core.Accounts;

namespace PartnerCms.Core.Security;

/// <summary>
/// Acting for a customer (starting "Administer on behalf of", resetting a customer's password, changing delegated access)
/// needs a second step within <see cref="TwoStepOptions.StepUpMinutes"/> from a user to whom two-step sign-in applies.
/// Otherwise the user is sent to the step-up page, and back afterwards: to the page itself for a GET, to the page the form
/// was on for a POST (the form is shown again, nothing is done without the step).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequireRecentSecondStepAttribute : Attribute, IAsyncActionFilter, IOrderedFilter
{
    /// <summary>The step-up page (the accounts module serves it).</summary>
    public const string StepUpPath = "/account/step-up";

    /// <summary>After the permission checks (a refused user is refused, not asked for a second step first).</summary>
    public int Order => 100;

    public Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        if (StepUpFor(context.HttpContext) is { } stepUp)
        {
            context.Result = stepUp;
            return Task.CompletedTask;
        }

        return next();
    }

    /// <summary>
    /// The redirect to the step-up page when the request's user needs a fresh second step, or null. For an action that
    /// needs it only sometimes (e.g. a user form that changes delegated access only when that field changed).
    /// </summary>
    public static IActionResult? StepUpFor(HttpContext http)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<TwoStepOptions>>().Value;
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        if (http.User.Identity?.IsAuthenticated != true || TwoStepPolicy.HasRecentSecondStep(http.User, now, options))
        {
            return null;
        }

        return new RedirectResult(StepUpPath + "?returnUrl=" + Uri.EscapeDataString(ReturnUrl(http)));
    }

    /// <summary>Where to go on after the step: this page (GET) or the local page the form was posted from.</summary>
    private static string ReturnUrl(HttpContext http)
    {
        if (HttpMethods.IsGet(http.Request.Method))
        {
            return http.Request.PathBase + http.Request.Path + http.Request.QueryString;
        }

        if (Uri.TryCreate(http.Request.Headers.Referer.ToString(), UriKind.Absolute, out var referer)
            && string.Equals(referer.Authority, http.Request.Host.Value, StringComparison.OrdinalIgnoreCase)
            && referer.AbsolutePath.StartsWith('/') && !referer.AbsolutePath.StartsWith("//", StringComparison.Ordinal))
        {
            return referer.PathAndQuery;
        }

        return "/admin";
    }
}
