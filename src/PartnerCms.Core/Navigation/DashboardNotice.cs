
namespace PartnerCms.Core.Navigation;

/// <summary>Something a user should act on, shown at the top of the dashboard (e.g. a partner's broken landing layout).</summary>
public sealed record DashboardNotice(string Text, string Url, string LinkText, string TestId);
