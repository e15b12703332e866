using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;
using PartnerCms.Core.Organizations;
using PartnerCms.Customers.Services;
using PartnerCms.Directory.Services;

namespace PartnerCms.Customers.ViewModels;

public sealed class LookupViewModel
{
    public string? Q { get; init; }

    public LookupResult? Result { get; init; }

    /// <summary>The signed-in partner user has administrative access to companies the partner supports (R5, R16).</summary>
    public bool HasDelegatedAccess { get; init; }

    public bool CanOpenServiceRequests { get; init; }

    /// <summary>R6: Full administration resets passwords from here; Limited only from inside the customer's portal.</summary>
    public bool CanResetPasswords { get; init; }

    /// <summary>What the user may do in the customer found: the approved roles their teams hold there (R5).</summary>
    public PartnerCms.Delegation.Services.CustomerRights Rights { get; init; } = PartnerCms.Delegation.Services.CustomerRights.None;
}

public sealed record AdministratorsViewModel(Organization Customer, IReadOnlyList<DirectoryUser> Administrators);

public sealed class ResetPasswordForm
{
    [BindNever]
    [ValidateNever]
    public Organization Customer { get; set; } = null!;

    [BindNever]
    [ValidateNever]
    public IReadOnlyList<DirectoryUser> Users { get; set; } = [];

    public string? UserId { get; set; }
}

public sealed class ServiceRequestForm
{
    [BindNever]
    [ValidateNever]
    public Organization Customer { get; set; } = null!;

    public ServiceRequestInput Input { get; set; } = new();
}
