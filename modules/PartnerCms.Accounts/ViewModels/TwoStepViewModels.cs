using System.ComponentModel.DataAnnotations;
using PartnerCms.Accounts.Services;
using PartnerCms.Core.Accounts;

namespace PartnerCms.Accounts.ViewModels;

/// <summary>The second step after the password, or the step-up before acting for a customer.</summary>
public sealed class SecondStepViewModel
{
    [Display(Name = "Authenticator code")]
    [StringLength(20)]
    public string? Code { get; set; }

    [Display(Name = "Recovery code")]
    [StringLength(40)]
    public string? RecoveryCode { get; set; }

    [Display(Name = "Remember this browser")]
    public bool RememberBrowser { get; set; }

    public bool RememberMe { get; set; }

    public string? ReturnUrl { get; set; }

    /// <summary>The JSON of the passkey the browser returned (set by the page's script).</summary>
    public string? Credential { get; set; }

    public bool HasAuthenticator { get; set; }

    public bool HasPasskeys { get; set; }

    /// <summary>Offered only to users whom policy does not require to step up.</summary>
    public bool CanRememberBrowser { get; set; }

    /// <summary>True on the step-up page (the user is signed in and about to act for a customer).</summary>
    public bool StepUp { get; set; }

    public int RememberBrowserDays { get; set; }
}

public sealed class SecurityViewModel
{
    public required TwoStepState State { get; init; }

    public required IReadOnlyList<PasskeyView> Passkeys { get; init; }

    public bool MustSetUp { get; init; }

    public string? LastSecondStepMethod { get; init; }
}

public sealed class AuthenticatorViewModel
{
    public AuthenticatorSetup? Setup { get; set; }

    [Display(Name = "Code from the app")]
    [Required(ErrorMessage = "Enter the 6-digit code the app shows.")]
    [StringLength(20)]
    public string? Code { get; set; }
}

public sealed class RecoveryCodesViewModel
{
    public required IReadOnlyList<string> Codes { get; init; }

    public required string UserName { get; init; }

    /// <summary>Shown right after the first method was set up.</summary>
    public bool First { get; init; }
}

public sealed class UserTwoStepViewModel
{
    [Display(Name = "User name")]
    [StringLength(256)]
    public string? UserName { get; set; }

    public PartnerCmsUser? User { get; set; }

    public TwoStepState? State { get; set; }
}
