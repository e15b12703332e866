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
    public static readonly (string UserName, string Password) WoodgroveFull = ("full@woodgrovepartners.example", "Woodgrove-Full-2026");
    public static readonly (string UserName, string Password) ContosoSupport = ("support@contosopartners.example", "Contoso-Support-2026");
    public static readonly (string UserName, string Password) ContosoHelpdesk = ("helpdesk@contosopartners.example", "Contoso-Helpdesk-2026");
    public static readonly (string UserName, string Password) ContosoFull = ("full@contosopartners.example", "Contoso-Full-2026");
    public static readonly (string UserName, string Password) ContosoLimited = ("limited@contosopartners.example", "Contoso-Limited-2026");
    public static readonly (string UserName, string Password) NorthwindAdmin = ("admin@northwind.example", "Northwind-Admin-2026");
    public static readonly (string UserName, string Password) LitwareAdmin = ("admin@litware.example", "Litware-Admin-2026");
    public static readonly (string UserName, string Password) TailspinAdmin = ("admin@tailspintoys.example", "Tailspin-Admin-2026");
    public static readonly (string UserName, string Password) TailspinHelpdesk = ("helpdesk@tailspintoys.example", "Tailspin-Help-2026");
    public static readonly (string UserName, string Password) FabrikamPat = ("pat@fabrikam.example", "Fabrikam-Pat-2026");
    public static readonly (string UserName, string Password) FabrikamRobin = ("robin@fabrikam.example", "Fabrikam-Robin-2026");
    public static readonly (string UserName, string Password) TailspinCasey = ("casey@tailspintoys.example", "Tailspin-Casey-2026");
    public static readonly (string UserName, string Password) NorthwindQuinn = ("quinn@northwind.example", "Northwind-Quinn-2026");
}
