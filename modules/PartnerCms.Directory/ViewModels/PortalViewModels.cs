using PartnerCms.Core.Organizations;
using PartnerCms.Core.Security;
using PartnerCms.Directory.Models;
using PartnerCms.Directory.Services;

namespace PartnerCms.Directory.ViewModels;

public sealed record PortalOverview(Organization Organization, int Users, int ActiveSubscriptions);

public sealed class UserListViewModel
{
    public required Organization Organization { get; init; }

    public required IReadOnlyList<DirectoryUser> Users { get; init; }

    public bool CanManage { get; init; }

    public bool IsGlobalAdministrator { get; init; }

    public string? CurrentUserId { get; init; }

    /// <summary>Each user's two-step methods; shown to the organization's own global administrators only (not on behalf).</summary>
    public IReadOnlyDictionary<string, PartnerCms.Core.Accounts.TwoStepState>? TwoStep { get; init; }
}

public sealed class UserForm
{
    public UserInput Input { get; set; } = new();

    public string? UserId { get; set; }

    public bool IsNew => UserId is null;

    public bool CanAssignRoles { get; set; }

    public OrganizationKind Kind { get; set; }

    /// <summary>The roles of this kind of organization (the built-in ones and those of the enabled modules).</summary>
    public IReadOnlyList<OrganizationRole> AvailableRoles { get; set; } = [];

    public IReadOnlyList<string> Domains { get; set; } = [];
}

/// <summary>Shown once, right after the reset or creation; never stored anywhere readable.</summary>
public sealed record TemporaryPasswordViewModel(string UserName, string TemporaryPassword, string BackUrl, string BackText);

public sealed class DomainListViewModel
{
    public required IReadOnlyList<OrganizationDomain> Domains { get; init; }

    public string? NewDomain { get; set; }
}

public sealed record SubscriptionRow(Subscription Subscription, string? AdvisorName);

public sealed class PurchaseViewModel
{
    public required Organization Organization { get; init; }

    public required IReadOnlyList<Catalog.Models.Sku> Skus { get; init; }

    public IReadOnlySet<string> Owned { get; init; } = new HashSet<string>(StringComparer.Ordinal);
}
