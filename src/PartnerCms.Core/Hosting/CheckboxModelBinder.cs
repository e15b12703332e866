using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace PartnerCms.Core.Hosting;

/// <summary>
/// Binds check boxes (bool) leniently: "true", "on" and "1" are true, anything else false, and the value kept for
/// redisplay is the clean one. The framework's binder keeps a tampered value ("RememberMe=abc") as the attempted value,
/// and the check-box tag helper then throws while rendering the form again: a 500 for a typo in a request.
/// </summary>
public sealed class CheckboxModelBinder : IModelBinder
{
    public Task BindModelAsync(ModelBindingContext bindingContext)
    {
        var result = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
        if (result == ValueProviderResult.None)
        {
            return Task.CompletedTask;
        }

        var raw = result.FirstValue?.Trim() ?? string.Empty;
        var value = bool.TryParse(raw, out var parsed) ? parsed : raw is "on" or "1";
        bindingContext.ModelState.SetModelValue(bindingContext.ModelName, value, value ? "true" : "false");
        bindingContext.Result = ModelBindingResult.Success(value);
        return Task.CompletedTask;
    }
}

public sealed class CheckboxModelBinderProvider : IModelBinderProvider
{
    private static readonly CheckboxModelBinder Binder = new();

    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        context.Metadata.ModelType == typeof(bool) || context.Metadata.ModelType == typeof(bool?) ? Binder : null;
}
