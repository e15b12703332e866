namespace PartnerCms.Core.Security;

/// <summary>A right a module defines. Endpoints demand it; roles grant it.</summary>
public sealed record Permission(string Name, string Description, string Category)
{
    public const string PolicyPrefix = "Permission:";

    public string PolicyName => PolicyPrefix + Name;
}

/// <summary>The roles that hold a set of permissions unless an operator says otherwise.</summary>
public sealed record PermissionStereotype(string RoleName, IReadOnlyList<Permission> Permissions);

/// <summary>Implemented by each module's Permissions.cs.</summary>
public interface IPermissionProvider
{
    IEnumerable<Permission> GetPermissions();

    IEnumerable<PermissionStereotype> GetDefaultStereotypes();
}
