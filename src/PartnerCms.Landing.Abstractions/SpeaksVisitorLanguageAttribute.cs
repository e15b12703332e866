using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Localization;

namespace PartnerCms.Landing;

/// <summary>
/// A customer-facing page that belongs to no partner (sign-in) speaks the visitor's language: their choice on a landing
/// page (the culture cookie), else their browser's Accept-Language — among the enabled cultures the portal's words are
/// translated into — else English (United States). Set before model binding, so validation messages speak it too; the
/// layout reads it from <see cref="LandingConventions.CultureKey"/> in the request's items.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class SpeaksVisitorLanguageAttribute : Attribute, IResourceFilter
{
    public void OnResourceExecuting(ResourceExecutingContext context)
    {
        var culture = For(context.HttpContext);
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
        context.HttpContext.Items[LandingConventions.CultureKey] = culture;
    }

    public void OnResourceExecuted(ResourceExecutedContext context)
    {
    }

    /// <summary>The language a visitor's request asks for, among the translated enabled cultures.</summary>
    public static CultureInfo For(HttpContext context)
    {
        var cultures = context.RequestServices.GetRequiredService<PortalCultures>();
        var preferences = cultures.Preferences(context.Request.Cookies[LandingConventions.CultureCookie], context.Request.Headers.AcceptLanguage.ToString());
        var translated = cultures.Enabled.Where(c => c.Name == CultureOptions.Default || CultureSettings.IsTranslated(c)).ToList();
        return PortalCultures.Choose(preferences, null, translated);
    }
}
