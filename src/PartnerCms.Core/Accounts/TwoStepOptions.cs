namespace PartnerCms.Core.Accounts;

/// <summary>
/// Two-step sign-in policy (<c>Accounts:Mfa:*</c>). Who must have a second step, how long a second step counts for acting
/// for a customer, and how long "Remember this browser" lasts for users whom policy does not require to step up.
/// </summary>
public sealed class TwoStepOptions
{
    public const string Section = "Accounts:Mfa";

    /// <summary>Off: nobody is required to set up a method (users who have one are still asked for it).</summary>
    public bool Required { get; set; } = true;

    public bool RequirePlatformOperators { get; set; } = true;

    public bool RequirePartnerGlobalAdministrators { get; set; } = true;

    /// <summary>Partner users with Full or Limited administration of customers.</summary>
    public bool RequireDelegatedAdministrators { get; set; } = true;

    public bool RequireCustomerGlobalAdministrators { get; set; } = true;

    /// <summary>Starting "Administer on behalf of", resetting a customer's password and changing delegated access need a second step this recent.</summary>
    public int StepUpMinutes { get; set; } = 15;

    public int RememberBrowserDays { get; set; } = 30;

    /// <summary>Second-step attempts per minute per client address (on top of the account lockout).</summary>
    public int SecondStepAttemptsPerMinute { get; set; } = 10;

    /// <summary>Whether a recipe's <c>authenticatorKey</c> for a user is applied (the demo's known keys).</summary>
    public bool DemoKeys { get; set; } = true;
}

/// <summary>The methods names that sessions and the audit trail record.</summary>
public static class TwoStepMethods
{
    public const string Authenticator = "authenticator";
    public const string Passkey = "passkey";
    public const string RecoveryCode = "recovery code";
}

/// <summary>
/// A change to someone's two-step sign-in (set up, removed, reset, recovery code used, a failed second step), raised
/// through the outbox so workflows can start on it. <paramref name="Change"/> is one of <see cref="TwoStepChanges"/>.
/// </summary>
public sealed record TwoStepSignInChanged(string UserId, string UserName, string OrganizationId, string Change, string? Method, string? ByUserName);

public static class TwoStepChanges
{
    public const string MethodAdded = "method-added";
    public const string MethodRemoved = "method-removed";
    public const string Reset = "reset";
    public const string RecoveryCodeUsed = "recovery-code-used";
    public const string RecoveryCodesRenewed = "recovery-codes-renewed";
    public const string SecondStepFailed = "second-step-failed";
}
