using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using PartnerCms.Accounts.Controllers;
using PartnerCms.Core.Security;

namespace PartnerCms.Accounts;

/// <summary>A user whose password an administrator reset must choose a new one before doing anything else.</summary>
public sealed class MustChangePasswordFilter : IActionFilter
{
    public void OnActionExecuting(ActionExecutingContext context)
    {
        var user = context.HttpContext.User;
        if (user.Identity?.IsAuthenticated != true
            || !user.HasClaim(c => c.Type == PartnerCmsClaims.MustChangePassword)
            || context.Controller is AccountController
            || context.HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not null)
        {
            return;
        }

        context.Result = new RedirectResult("/account/change-password");
    }

    public void OnActionExecuted(ActionExecutedContext context)
    {
    }
}
