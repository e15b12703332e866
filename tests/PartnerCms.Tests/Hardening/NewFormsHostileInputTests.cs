using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Tests.Infrastructure;

namespace PartnerCms.Tests.Hardening;

/// <summary>
/// The forms and routes of the framework and delegated-administration work (events page, delegated-administration
/// offer, partner removal, Administer on behalf of, audit viewers) with hostile input: NUL bytes, huge values, broken
/// dates, brackets. Every answer is a 4xx (or a page that says what is wrong), never a 5xx, and nothing is created.
/// </summary>
[Trait("Area", "Hardening")]
public sealed class NewFormsHostileInputTests
{
    private static readonly string Huge = new('9', 100_000);

    [Fact]
    public async Task Hostile_values_on_the_new_forms_and_routes_get_4xx_with_a_message_never_5xx()
    {
        await using var site = new PartnerCmsSite(TestDatabase.Sqlite);
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        using var full = await site.SignInAsync(DemoUsers.ContosoFull);
        using var fabrikam = await site.SignInAsync(DemoUsers.FabrikamAdmin);
        using var operatorClient = await site.SignInAsync(DemoUsers.Operator);
        using var partnerAdmin = await site.SignInAsync(DemoUsers.ContosoAdmin);

        var results = new List<(string What, HttpStatusCode Status, string Body)>();
        async Task PostAsync(PortalClient client, string tokenPage, string url, params (string Key, string Value)[] fields)
        {
            var form = fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))
                .Append(new("__RequestVerificationToken", await client.AntiforgeryTokenAsync(tokenPage)));
            using var response = await client.Http.PostAsync(url, new FormUrlEncodedContent(form));
            results.Add(($"POST {url[..Math.Min(url.Length, 80)]} {string.Join("&", fields.Select(f => f.Key))}", response.StatusCode, await response.Content.ReadAsStringAsync()));
        }

        async Task GetAsync(PortalClient client, string url)
        {
            using var response = await client.GetAsync(url);
            results.Add(($"GET {url[..Math.Min(url.Length, 80)]}", response.StatusCode, await response.Content.ReadAsStringAsync()));
        }

        const string offerForm = "/partner/offers/new/delegated-admin";
        await PostAsync(sales, offerForm, offerForm, ("OfficeId", Huge));
        await PostAsync(sales, offerForm, offerForm, ("OfficeId", "x\0y"), ("RelationshipEndsOn", "2026-13-45"));
        await PostAsync(sales, offerForm, offerForm, ("OfficeId", ""), ("RelationshipEndsOn", "9999-12-31"), ("ExpiresOn", "0001-01-01"));
        await PostAsync(sales, offerForm, offerForm, ("OfficeId[", "a"), ("RelationshipEndsOn[][]", "1"));
        await PostAsync(sales, offerForm, offerForm, ("OfficeId", "x"), ("CustomerId", "north\0wind"));
        await PostAsync(sales, offerForm, offerForm, ("OfficeId", "x"), ("CustomerId", Huge));
        await PostAsync(sales, offerForm, offerForm, ("OfficeId", "x"), ("CustomerId[", "northwind"));
        await GetAsync(sales, offerForm + "?customer=%00");
        await GetAsync(sales, offerForm + "?customer=" + Huge[..5000]);
        await GetAsync(sales, offerForm + "?customer[]=northwind");
        await PostAsync(full, "/partner", $"/partner/customers/{Huge[..5000]}/administer");
        await PostAsync(fabrikam, "/portal/partners", $"/portal/partners/{Huge[..5000]}/remove");
        await PostAsync(fabrikam, "/portal/partners", "/portal/partners/contoso-partners/remove", ("partnerId", "woodgrove-partners"));
        await PostAsync(operatorClient, "/admin/events", $"/admin/events/{Huge[..30]}/retry");
        await PostAsync(operatorClient, "/admin/events", "/admin/events/-1/retry");
        await GetAsync(partnerAdmin, $"/partner/audit?from=2026-99-99&to=x&user={Huge[..5000]}&page=-5");
        await GetAsync(partnerAdmin, "/partner/audit?customer=%00&action=[");
        await GetAsync(partnerAdmin, $"/partner/audit.csv?from={Huge[..50]}");
        await GetAsync(fabrikam, "/portal/audit?page=99999999999999999999");

        var failures = results.Where(r => (int)r.Status >= 500).Select(r => $"{(int)r.Status} {r.What}").ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.All(results.Where(r => r.What.StartsWith("POST /partner/offers", StringComparison.Ordinal)), r => Assert.Equal(HttpStatusCode.BadRequest, r.Status));
        Assert.Contains("Choose one of your partner offices.", results[0].Body);
        // The partner removal ignored the posted partnerId and used the address: Contoso is gone, Woodgrove untouched.
        Assert.False(await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCms.Delegation.Services.DelegatedRelationshipService>().IsDelegatedAdministratorAsync("contoso-partners", "fabrikam")));
    }
}
