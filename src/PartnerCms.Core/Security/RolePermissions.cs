namespace PartnerCms.Core.Security;

/// <summary>Which role holds which permission, gathered once from the enabled modules' permission providers.</summary>
public sealed class RolePermissions
{
    private readonly Dictionary<string, HashSet<string>> _byRole = new(StringComparer.OrdinalIgnoreCase);

    public RolePermissions(IEnumerable<IPermissionProvider> providers)
    {
        var all = new Dictionary<string, Permission>(StringComparer.Ordinal);
        foreach (var provider in providers)
        {
            foreach (var permission in provider.GetPermissions())
            {
                all[permission.Name] = permission;
            }

            foreach (var stereotype in provider.GetDefaultStereotypes())
            {
                if (!_byRole.TryGetValue(stereotype.RoleName, out var set))
                {
                    _byRole[stereotype.RoleName] = set = new HashSet<string>(StringComparer.Ordinal);
                }

                set.UnionWith(stereotype.Permissions.Select(p => p.Name));
            }
        }

        Permissions = all.Values.OrderBy(p => p.Category, StringComparer.CurrentCulture).ThenBy(p => p.Name, StringComparer.CurrentCulture).ToList();
    }

    public IReadOnlyList<Permission> Permissions { get; }

    public bool Grants(string roleName, string permissionName) =>
        _byRole.TryGetValue(roleName, out var set) && set.Contains(permissionName);

    public IReadOnlyCollection<string> PermissionsOf(string roleName) =>
        _byRole.TryGetValue(roleName, out var set) ? set : [];
}
