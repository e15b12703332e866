namespace PartnerCms.Delegation;

/// <summary>Named routes of the delegation module that other modules link to (the framework generates the URL).</summary>
public static class DelegationRoutes
{
    /// <summary>A customer's Partner relationships page (<c>/portal/partners</c>).</summary>
    public const string PartnerRelationships = "PartnerRelationships";

    /// <summary>The partner's teams (<c>/partner/teams</c>).</summary>
    public const string Teams = "PartnerTeams";

    /// <summary>My customers (<c>/partner/customers</c>).</summary>
    public const string MyCustomers = "MyCustomers";
}
