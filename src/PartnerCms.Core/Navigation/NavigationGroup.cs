
namespace PartnerCms.Core.Navigation;

public sealed record NavigationGroup(string Name, IReadOnlyList<NavigationItem> Items);
