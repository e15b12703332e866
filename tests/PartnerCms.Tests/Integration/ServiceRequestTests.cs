using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Data;
using PartnerCms.Customers.Models;
using PartnerCms.Tests.Infrastructure;

namespace PartnerCms.Tests.Integration;

/// <summary>R23: a partner user with delegated access opens a service request for a customer; both follow its status.</summary>
[Trait("Rule", "R23")]
public abstract class ServiceRequestTests(PartnerCmsSite site)
{
    private static Dictionary<string, string> Form(string title) => new()
    {
        ["Input.Title"] = title,
        ["Input.Description"] = "Devices stopped checking in after the weekend.",
        ["Input.Severity"] = "2",
        ["Input.ContactName"] = "Fran Fabrikam",
        ["Input.ContactEmail"] = "admin@fabrikam.example",
        ["Input.ContactPhone"] = "+1 425 555 0142",
    };

    private Task<int> CountAsync() => site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<ServiceRequest>().CountAsync());

    [Fact]
    public async Task A_delegated_user_opens_a_request_and_partner_and_customer_both_follow_its_status()
    {
        using var full = await site.SignInAsync(DemoUsers.ContosoFull);
        using var customer = await site.SignInAsync(DemoUsers.FabrikamAdmin);
        var title = "Devices not syncing " + Guid.NewGuid().ToString("N")[..6];

        var opened = await full.PostFormAsync("/partner/customers/fabrikam/service-requests/new", Form(title));
        Assert.True(opened.StatusCode == HttpStatusCode.Redirect, await opened.Content.ReadAsStringAsync());
        var location = opened.Headers.Location!.OriginalString;
        var id = location[(location.LastIndexOf('/') + 1)..];
        var (_, partnerList) = await full.GetPageAsync("/partner/service-requests");
        var (_, customerList) = await customer.GetPageAsync("/portal/service-requests");
        var resolved = await full.PostFormAsync($"/partner/service-requests/{id}/status", new() { ["status"] = ((int)ServiceRequestStatus.Resolved).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var (customerStatus, customerDetails) = await customer.GetPageAsync($"/portal/service-requests/{id}");

        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Contains(title, partnerList);
        Assert.Contains(title, customerList);
        Assert.Equal(HttpStatusCode.Redirect, resolved.StatusCode);
        Assert.Equal(HttpStatusCode.OK, customerStatus);
        Assert.Equal("Resolved", HtmlPage.Text(customerDetails, "dd[data-field='status']"));
    }

    [Fact]
    public async Task A_partner_user_without_delegated_access_cannot_open_one()
    {
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var before = await CountAsync();

        var page = await sales.GetAsync("/partner/customers/fabrikam/service-requests/new");
        var post = await sales.PostFormAsync("/partner/customers/fabrikam/service-requests/new", Form("Not allowed"));

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task Another_partner_and_another_customer_cannot_see_the_request()
    {
        using var full = await site.SignInAsync(DemoUsers.ContosoFull);
        var opened = await full.PostFormAsync("/partner/customers/fabrikam/service-requests/new", Form("Private to Fabrikam"));
        var id = opened.Headers.Location!.OriginalString.Split('/').Last();
        using var woodgrove = await site.SignInAsync(DemoUsers.WoodgroveFull);
        using var northwind = await site.SignInAsync(DemoUsers.NorthwindAdmin);

        var otherPartner = await woodgrove.GetAsync($"/partner/service-requests/{id}");
        var otherPartnerStatus = await woodgrove.PostFormAsync($"/partner/service-requests/{id}/status", new() { ["status"] = "4" });
        var otherCustomer = await northwind.GetAsync($"/portal/service-requests/{id}");
        var (_, otherCustomerList) = await northwind.GetPageAsync("/portal/service-requests");
        var forOtherPartner = await woodgrove.PostFormAsync("/partner/customers/fabrikam/service-requests/new", Form("Not my customer"));

        Assert.Equal(HttpStatusCode.NotFound, otherPartner.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherPartnerStatus.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherCustomer.StatusCode);
        Assert.DoesNotContain("Private to Fabrikam", otherCustomerList);
        Assert.Equal(HttpStatusCode.NotFound, forOtherPartner.StatusCode);
    }

    [Fact]
    public async Task Missing_or_bad_fields_are_refused_with_messages_and_nothing_is_saved()
    {
        using var full = await site.SignInAsync(DemoUsers.ContosoFull);
        var before = await CountAsync();
        var form = Form("");
        form["Input.ContactEmail"] = "not-an-address";
        form["Input.Description"] = new string('x', 5000);

        var response = await full.PostFormAsync("/partner/customers/fabrikam/service-requests/new", form);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Enter a short title.", body);
        Assert.Contains("Enter an e-mail address such as", body);
        Assert.Contains("at most 4,000 characters", body);
        Assert.Equal(before, await CountAsync());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ServiceRequestTestsOnSqlite(SqliteSite shared) : ServiceRequestTests(shared.Site);

[Collection(PostgresCollection.Name)]
public sealed class ServiceRequestTestsOnPostgres(PostgresSite shared) : ServiceRequestTests(shared.Site);
