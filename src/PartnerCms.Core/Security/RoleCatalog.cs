using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Organizations;

namespace PartnerCms.Core.Security;

/// <summary>Roles a module contributes (<c>services.AddRoles&lt;TProvider&gt;()</c>); they exist while the module is on.</summary>
public interface IRoleProvider
{
    IEnumerable<OrganizationRole> GetRoles();
}

/// <summary>The framework's own roles: the seed's (platform operator; partner and customer administrators and staff).</summary>
internal sealed class BuiltInRoles : IRoleProvider
{
    public IEnumerable<OrganizationRole> GetRoles() => OrganizationRoles.All;
}

/// <summary>
/// Every assignable role of this site: the built-in ones and those of the enabled modules. A role is valid only for its
/// organization kind; a role of a module switched off is not offered, not assignable and grants nothing.
/// </summary>
public sealed class RoleCatalog
{
    private readonly Dictionary<string, OrganizationRole> _roles;

    public RoleCatalog(IEnumerable<IRoleProvider> providers)
    {
        _roles = new Dictionary<string, OrganizationRole>(StringComparer.OrdinalIgnoreCase);
        foreach (var role in providers.SelectMany(p => p.GetRoles()))
        {
            if (!_roles.TryAdd(role.Name, role))
            {
                throw new InvalidOperationException($"The role '{role.Name}' is contributed twice.");
            }
        }

        All = _roles.Values.ToList();
    }

    public IReadOnlyList<OrganizationRole> All { get; }

    public IEnumerable<OrganizationRole> For(OrganizationKind kind) => All.Where(r => r.Kind == kind);

    public OrganizationRole? Find(string name) => _roles.GetValueOrDefault(name);

    public bool IsValidFor(string roleName, OrganizationKind kind) => Find(roleName)?.Kind == kind;
}

public static class RoleServiceCollectionExtensions
{
    public static IServiceCollection AddRoles<TProvider>(this IServiceCollection services) where TProvider : class, IRoleProvider =>
        services.AddSingleton<IRoleProvider, TProvider>();
}
