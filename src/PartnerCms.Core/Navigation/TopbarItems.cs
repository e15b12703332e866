
namespace PartnerCms.Core.Navigation;

/// <summary>The top bar's items from every module that contributes one.</summary>
public sealed class TopbarItems(IEnumerable<ITopbarItemProvider> providers)
{
    public async Task<IReadOnlyList<TopbarItem>> ForAsync(System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var items = new List<TopbarItem>();
        foreach (var provider in providers)
        {
            if (await provider.GetAsync(user, cancellationToken) is { } item)
            {
                items.Add(item);
            }
        }

        return items;
    }
}
