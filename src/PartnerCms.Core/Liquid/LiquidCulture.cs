using System.Globalization;
using Microsoft.Extensions.Localization;

namespace PartnerCms.Core.Liquid;

/// <summary>
/// The culture a Liquid render runs in (dates, numbers) and the localizer its <c>t</c> filter reads the portal's own
/// strings from. Without a scope, templates render as they always did: invariant, English.
/// </summary>
public static class LiquidCulture
{
    private static readonly AsyncLocal<LiquidCultureScope?> Ambient = new();

    public static LiquidCultureScope? Current => Ambient.Value;

    /// <summary>Renders that follow (in this flow) use <paramref name="culture"/>; dispose to go back.</summary>
    public static IDisposable Use(CultureInfo culture, IStringLocalizer? localizer)
    {
        var previous = (Ambient.Value, CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        Ambient.Value = new LiquidCultureScope(culture, localizer);
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
        return new Restore(previous);
    }

    private sealed class Restore((LiquidCultureScope? Scope, CultureInfo Culture, CultureInfo UiCulture) previous) : IDisposable
    {
        public void Dispose()
        {
            Ambient.Value = previous.Scope;
            CultureInfo.CurrentCulture = previous.Culture;
            CultureInfo.CurrentUICulture = previous.UiCulture;
        }
    }
}

public sealed record LiquidCultureScope(CultureInfo Culture, IStringLocalizer? Localizer);
