namespace PartnerCms.Accounts;

/// <summary>Named routes of the accounts module that other modules link to (the framework generates the URL).</summary>
public static class AccountRoutes
{
    /// <summary>The sign-in page (<c>/account/signin</c>).</summary>
    public const string SignIn = "SignIn";

    /// <summary>Sign-in and security (<c>/account/security</c>): two-step methods.</summary>
    public const string Security = "SignInAndSecurity";
}
