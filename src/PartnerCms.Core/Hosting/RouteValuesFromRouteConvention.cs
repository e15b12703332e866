using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace PartnerCms.Core.Hosting;

/// <summary>
/// An action parameter named like a value of its route ({kind}, {customerId}, {quoteId}…) binds from the route only.
/// MVC's default reads a form field of the same name first, so a posted "Kind=" or "customerId=other" would replace the
/// address's value (the form fuzzer found an empty "Kind" field reaching the templates' code as null).
/// </summary>
public sealed class RouteValuesFromRouteConvention : IActionModelConvention
{
    public void Apply(ActionModel action)
    {
        var templates = action.Selectors.Select(s => s.AttributeRouteModel?.Template)
            .Concat(action.Controller.Selectors.Select(s => s.AttributeRouteModel?.Template))
            .Where(t => t is not null).Select(t => t!).ToList();
        foreach (var parameter in action.Parameters)
        {
            if (parameter.BindingInfo?.BindingSource is not null)
            {
                continue;
            }

            var name = parameter.ParameterName;
            if (templates.Any(t => t.Contains("{" + name + "}", StringComparison.OrdinalIgnoreCase) || t.Contains("{" + name + ":", StringComparison.OrdinalIgnoreCase)))
            {
                parameter.BindingInfo ??= new BindingInfo();
                parameter.BindingInfo.BindingSource = BindingSource.Path;
            }
        }
    }
}
