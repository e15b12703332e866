using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Localization;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Security;

namespace PartnerCms.Landing;

/// <summary>
/// A customer-facing page that belongs to no partner (sign-in, the customer's account portal) speaks the visitor's
/// language: their choice (<c>?lang=de-DE</c> on any such page or a landing page, kept in the culture cookie), else their
/// browser's Accept-Language — among the enabled cultures the portal's words are translated into — else English (United
/// States). Only anonymous visitors and a customer's own users are spoken to this way: partner staff, the operator and an
/// "Administer on behalf of" session keep the partner portal's English. Set before model binding, so validation messages
/// speak it too; the messages a service wrote in English are translated before the page is rendered
/// (<see cref="CustomerWords"/>); the layout reads the culture from <see cref="LandingConventions.CultureKey"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class SpeaksVisitorLanguageAttribute : Attribute, IResourceFilter, IResultFilter
{
    /// <summary>The query parameter a language switcher's links carry.</summary>
    public const string ChoiceParameter = "lang";

    public void OnResourceExecuting(ResourceExecutingContext context)
    {
        var http = context.HttpContext;
        if (!SpeaksTo(http))
        {
            return;
        }

        var cultures = http.RequestServices.GetRequiredService<PortalCultures>();
        if (HttpMethods.IsGet(http.Request.Method) && cultures.Find(http.Request.Query[ChoiceParameter].ToString()) is { } chosen && CultureSettings.IsTranslated(chosen))
        {
            LandingConventions.KeepCultureChoice(http, chosen);
            Use(http, chosen);
            return;
        }

        Use(http, For(http));
    }

    public void OnResourceExecuted(ResourceExecutedContext context)
    {
    }

    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.HttpContext.Items[LandingConventions.CultureKey] is not CultureInfo culture || !CustomerWords.Translates(culture))
        {
            return;
        }

        // What services and validators wrote in English, said in the page's language.
        foreach (var entry in context.ModelState.Values.Where(e => e.Errors.Count > 0))
        {
            var errors = entry.Errors.Select(e => e.ErrorMessage.Length == 0 ? e : new ModelError(CustomerWords.Say(e.ErrorMessage, culture))).ToList();
            entry.Errors.Clear();
            foreach (var error in errors)
            {
                entry.Errors.Add(error);
            }
        }
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }

    /// <summary>Whether this request's user is spoken to in their own language: anonymous, or one of a customer's own users.</summary>
    public static bool SpeaksTo(HttpContext context) =>
        context.User.Identity?.IsAuthenticated != true
        || context.User.GetOrganizationKind() == OrganizationKind.Customer && !context.User.HasClaim(c => c.Type == PartnerCmsClaims.OnBehalfSession);

    /// <summary>The language a visitor's request asks for, among the translated enabled cultures.</summary>
    public static CultureInfo For(HttpContext context)
    {
        var cultures = context.RequestServices.GetRequiredService<PortalCultures>();
        var preferences = cultures.Preferences(context.Request.Cookies[LandingConventions.CultureCookie], context.Request.Headers.AcceptLanguage.ToString());
        return PortalCultures.Choose(preferences, null, Translated(cultures));
    }

    /// <summary>The enabled cultures the portal's words are translated into (en-US first).</summary>
    public static IReadOnlyList<CultureInfo> Translated(PortalCultures cultures) =>
        cultures.Enabled.Where(c => c.Name == CultureOptions.Default || CultureSettings.IsTranslated(c)).ToList();

    private static void Use(HttpContext context, CultureInfo culture)
    {
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
        context.Items[LandingConventions.CultureKey] = culture;
    }
}
