namespace PartnerCms.Tests.Infrastructure;

/// <summary>The sign-ins the demo recipe (and the test's second partner) create.</summary>
public static class DemoUsers
{
    public static readonly (string UserName, string Password) Operator = ("operator@partnercms.example", "Operator-2026");
    public static readonly (string UserName, string Password) ContosoAdmin = ("admin@contosopartners.example", "Contoso-Admin-2026");
    public static readonly (string UserName, string Password) ContosoMarketing = ("marketing@contosopartners.example", "Contoso-Marketing-2026");
    public static readonly (string UserName, string Password) ContosoSales = ("sales@contosopartners.example", "Contoso-Sales-2026");
    public static readonly (string UserName, string Password) FabrikamAdmin = ("admin@fabrikam.example", "Fabrikam-Admin-2026");
    public static readonly (string UserName, string Password) WoodgroveAdmin = ("admin@woodgrovepartners.example", "Woodgrove-Admin-2026");
}
