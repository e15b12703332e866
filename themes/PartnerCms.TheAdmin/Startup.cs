using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PartnerCms.Core.Modules;
using PartnerCms.Core.Themes;

namespace PartnerCms.TheAdmin;

/// <summary>Declares the admin theme (its layout is Razor: Views/Shared/_Layout.cshtml; no Liquid templates).</summary>
public sealed class Startup : ModuleStartup
{
    public static readonly ThemeDescriptor Theme = new(
        "PartnerCms.TheAdmin", "Admin", "The portal's pages for partners, customers and the operator: navy top bar, side navigation, phone menu, print styles.",
        ThemeTarget.Admin, null, typeof(Startup).Assembly, "PartnerCms.TheAdmin.Layout",
        ["/_content/PartnerCms.TheAdmin/admin.css", "/_content/PartnerCms.TheAdmin/admin-print.css"]);

    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddTheme(Theme);
        services.TryAddSingleton<ThemeCatalog>();
    }
}
