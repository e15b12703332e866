using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace PartnerCms.Core.Hosting;

/// <summary>
/// A route segment that is only white space (<c>/workflows/%20</c>, <c>%0A</c>) names nothing: model binding turns it into
/// null, which an action written for a path value does not expect. Every such request is answered 404 here, before any
/// action runs, so no action has to guard its path values against it.
/// </summary>
public sealed class BlankRouteValueFilter : IActionFilter
{
    public void OnActionExecuting(ActionExecutingContext context)
    {
        foreach (var parameter in context.ActionDescriptor.Parameters)
        {
            if (parameter.BindingInfo?.BindingSource != BindingSource.Path && !context.RouteData.Values.ContainsKey(parameter.Name))
            {
                continue;
            }

            if (parameter.ParameterType == typeof(string) && context.RouteData.Values.TryGetValue(parameter.Name, out var raw)
                && string.IsNullOrWhiteSpace(raw as string))
            {
                context.Result = new NotFoundObjectResult(new ProblemDetails
                {
                    Status = StatusCodes.Status404NotFound,
                    Title = "Not found",
                    Detail = $"The address names no {parameter.Name}: it is empty or only white space.",
                });
                return;
            }
        }
    }

    public void OnActionExecuted(ActionExecutedContext context)
    {
    }
}
