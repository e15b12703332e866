using PartnerCms.Core.Modules;

namespace PartnerCms.Web;

/// <summary>The modules this site is built with. Order does not matter: the host orders them by dependency.</summary>
public static class InstalledModules
{
    public static IReadOnlyList<ModuleManifest> All { get; } =
    [
        new Accounts.Manifest(),
        new TheAdmin.Manifest(),
        new Admin.Manifest(),
        new Partners.Manifest(),
        new Catalog.Manifest(),
        new Directory.Manifest(),
        new Delegation.Manifest(),
        new Customers.Manifest(),
        new Templates.Manifest(),
        new Offers.Manifest(),
        new Audit.Manifest(),
        new Mail.Manifest(),
        new Workflows.Manifest(),
        new Notifications.Manifest(),
        new TheLanding.Manifest(),
        new TheHorizon.Manifest(),
        new Branding.Manifest(),
        new Api.Manifest(),
        new Media.Manifest(),
    ];
}
