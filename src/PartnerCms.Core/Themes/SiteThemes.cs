using Microsoft.EntityFrameworkCore;
using PartnerCms.Core.Data;

namespace PartnerCms.Core.Themes;

/// <summary>Which landing theme the site uses: the operator's choice, or the default when none (or an uninstalled one) is set.</summary>
public sealed class SiteThemes(PartnerCmsDbContext db, ThemeCatalog themes, TimeProvider clock)
{
    public const string LandingThemeKey = "Themes:Landing";

    public async Task<string> LandingThemeAsync(CancellationToken cancellationToken = default)
    {
        var chosen = await db.Set<SiteSetting>().AsNoTracking().Where(s => s.Key == LandingThemeKey).Select(s => s.Value).FirstOrDefaultAsync(cancellationToken);
        return themes.Find(chosen) is { Serves: ThemeTarget.Landing } ? chosen! : ThemeCatalog.DefaultLandingTheme;
    }

    public async Task<bool> SetLandingThemeAsync(string themeId, string by, CancellationToken cancellationToken = default)
    {
        if (themes.Find(themeId) is not { Serves: ThemeTarget.Landing })
        {
            return false;
        }

        var setting = await db.Set<SiteSetting>().FirstOrDefaultAsync(s => s.Key == LandingThemeKey, cancellationToken);
        if (setting is null)
        {
            db.Add(setting = new SiteSetting { Key = LandingThemeKey });
        }

        setting.Value = themeId;
        setting.UpdatedUtc = clock.GetUtcNow().UtcDateTime;
        setting.UpdatedBy = by;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
