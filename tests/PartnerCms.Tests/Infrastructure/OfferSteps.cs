using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Data;
using PartnerCms.Partners.Models;

namespace PartnerCms.Tests.Infrastructure;

/// <summary>What partners and customers do with offers over HTTP, as their browsers would post it.</summary>
public static partial class OfferSteps
{
    [GeneratedRegex("id=\"offer-link\" readonly value=\"([^\"]+)\"")]
    public static partial Regex LinkPattern();

    public static Task<string> OfficeAsync(PartnerCmsSite site, string organizationId, string locationId) =>
        site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<OfficeIndex>()
            .Where(o => o.OrganizationId == organizationId && o.LocationId == locationId).Select(o => o.ContentItemId).SingleAsync());

    public static string Wizard(string kind) => $"/partner/offers/new/{kind}";

    public static string NewDomain() => $"t{Guid.NewGuid().ToString("N")[..10]}.example";

    public static List<KeyValuePair<string, string>> Fields(params (string Key, string Value)[] fields) =>
        fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).ToList();

    public static Dictionary<string, string> Query(string path)
    {
        var query = System.Web.HttpUtility.ParseQueryString(new Uri("http://localhost" + path).Query);
        return query.AllKeys.ToDictionary(k => k!, k => query[k]!);
    }

    public static string AcceptPath(string landingPath) => landingPath.Replace("?", "/accept?", StringComparison.Ordinal);

    /// <summary>Posts the wizard's last step with everything, as a browser does at the end; returns the Quote ID.</summary>
    public static async Task<string> CreateOfferAsync(PortalClient client, string kind, string location, string officeId, (string Sku, int Licences)[] lines, bool delegated = false, DateTime? expiresOn = null)
    {
        var fields = Fields(("Step", "4"), ("OfficeId", officeId), ("UsageLocation", location), ("IncludesDelegatedAdministration", delegated ? "true" : "false"), ("nav", "create"));
        fields.AddRange(lines.SelectMany(l => Fields(("Skus", l.Sku), ($"Licences[{l.Sku}]", l.Licences.ToString(System.Globalization.CultureInfo.InvariantCulture)))));
        if (expiresOn is { } expires)
        {
            fields.Add(new("ExpiresOn", expires.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        }

        var response = await client.PostFormAsync(Wizard(kind), fields, Wizard(kind));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"The offer was not created: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response.Headers.Location!.OriginalString.Split('/').Last();
    }

    public static async Task<string> LinkPathAsync(PortalClient client, string quoteId)
    {
        var (_, page) = await client.GetPageAsync($"/partner/offers/{quoteId}");
        return new Uri(WebUtility.HtmlDecode(LinkPattern().Match(page).Groups[1].Value)).PathAndQuery;
    }

    public static List<KeyValuePair<string, string>> AcceptFields(string landingPath, string @as, Dictionary<string, int> licences, bool delegated = false)
    {
        var query = Query(landingPath);
        var fields = Fields(("Advisor", query["advisor"]), ("Sig", query["sig"]), ("As", @as), ("AcceptDelegatedAdministration", delegated ? "true" : "false"));
        fields.AddRange(licences.Select(l => new KeyValuePair<string, string>($"Licences[{l.Key}]", l.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        return fields;
    }

    public static List<KeyValuePair<string, string>> SignUpFields(string landingPath, string domain, Dictionary<string, int> licences, bool delegated, string password, string? submissionId = null)
    {
        var fields = AcceptFields(landingPath, "new", licences, delegated);
        fields.Add(new("SignUp.SubmissionId", submissionId ?? Guid.NewGuid().ToString("N")));
        fields.AddRange(Fields(("SignUp.CompanyName", "Test " + domain), ("SignUp.Domain", domain), ("SignUp.DisplayName", "Alex Admin"), ("SignUp.UserName", "admin@" + domain),
            ("SignUp.Password", password), ("SignUp.ConfirmPassword", password)));
        return fields;
    }

    public static async Task<(HttpStatusCode Status, string Page, string Domain)> SignUpAsync(
        PortalClient visitor, string landingPath, string domain, Dictionary<string, int> licences, bool delegated = false, string password = "Visitor-Pass-2026")
    {
        var quoteId = landingPath.Split('/', '?')[2];
        var response = await visitor.PostFormAsync($"/offers/{quoteId}/accept", SignUpFields(landingPath, domain, licences, delegated, password), AcceptPath(landingPath));
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), domain);
    }

    public static async Task<(HttpStatusCode Status, string Page)> SignInAndAcceptAsync(PortalClient visitor, string landingPath, string userName, string password, Dictionary<string, int> licences)
    {
        var quoteId = landingPath.Split('/', '?')[2];
        var fields = AcceptFields(landingPath, "existing", licences);
        fields.AddRange(Fields(("SignInUserName", userName), ("SignInPassword", password)));
        var response = await visitor.PostFormAsync($"/offers/{quoteId}/accept", fields, AcceptPath(landingPath));
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>
    /// A new customer organization, signed up through a Contoso trial offer by its global administrator
    /// (admin@domain, "Visitor-Pass-2026"), with or without delegated administration for Contoso.
    /// </summary>
    public static async Task<(string CustomerId, string Domain)> NewContosoCustomerAsync(PartnerCmsSite site, bool delegated)
    {
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var quoteId = await CreateOfferAsync(sales, "trial", "US", await OfficeAsync(site, "contoso-partners", "RED-001"), [("INTUNE-P1-TRIAL", 0)], delegated: true);
        using var visitor = site.Anonymous();
        var accepted = await SignUpAsync(visitor, await LinkPathAsync(sales, quoteId), NewDomain(), [], delegated);
        Assert.Equal(HttpStatusCode.OK, accepted.Status);
        var id = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().OrganizationDomains
            .Where(d => d.NormalizedName == accepted.Domain).Select(d => d.OrganizationId).SingleAsync());
        return (id, accepted.Domain);
    }

    /// <summary>Contoso's sales user asks the customer for <paramref name="asked"/> roles (the stand-alone offer from a lookup result); returns the link's path.</summary>
    public static async Task<string> AskForRolesAsync(PartnerCmsSite site, string customerId, IEnumerable<string> asked, int days = 365, bool autoExtend = false)
    {
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var fields = Fields(("OfficeId", await OfficeAsync(site, "contoso-partners", "RED-001")), ("CustomerId", customerId), ("RolesShown", "true"),
            ("Days", days.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("AutoExtend", autoExtend ? "true" : "false"));
        fields.AddRange(asked.Select(r => new KeyValuePair<string, string>("Roles", r)));
        var response = await sales.PostFormAsync("/partner/offers/new/delegated-admin", fields, "/partner/offers/new/delegated-admin");
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Not created: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await LinkPathAsync(sales, response.Headers.Location!.OriginalString.Split('/').Last());
    }

    /// <summary>The customer's global administrator (admin@domain) signs in on the accept page and approves exactly <paramref name="approved"/>.</summary>
    public static Task<HttpResponseMessage> ApproveRolesAsync(PortalClient visitor, string path, string domain, IEnumerable<string> approved, string password = "Visitor-Pass-2026")
    {
        var query = Query(path);
        var quoteId = path.Split('/', '?')[2];
        var fields = Fields(("Advisor", query["advisor"]), ("Sig", query["sig"]), ("As", "existing"), ("Decision", "accept"), ("RolesShown", "true"),
            ("SignInUserName", "admin@" + domain), ("SignInPassword", password));
        fields.AddRange(approved.Select(r => new KeyValuePair<string, string>("ApprovedRoles", r)));
        return visitor.PostFormAsync($"/offers/{quoteId}/accept", fields, AcceptPath(path));
    }

    /// <summary>A new Contoso customer that was asked for <paramref name="asked"/> roles and approved <paramref name="approved"/>.</summary>
    public static async Task<(string Id, string Domain)> CustomerApprovingAsync(PartnerCmsSite site, string[] asked, string[] approved)
    {
        var (id, domain) = await NewContosoCustomerAsync(site, delegated: false);
        var path = await AskForRolesAsync(site, id, asked);
        using var visitor = site.Anonymous();
        var decided = await ApproveRolesAsync(visitor, path, domain, approved);
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        return (id, domain);
    }
}
