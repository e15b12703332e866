namespace PartnerCms.Partners;

/// <summary>Named routes of the partners module that other modules link to (the framework generates the URL).</summary>
public static class PartnersRoutes
{
    /// <summary>The partner's offices (<c>/partner/offices</c>).</summary>
    public const string Offices = "PartnerOffices";
}
