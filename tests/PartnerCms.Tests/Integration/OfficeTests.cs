using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Content;
using PartnerCms.Core.Data;
using PartnerCms.Partners.Models;
using PartnerCms.Tests.Infrastructure;

namespace PartnerCms.Tests.Integration;

/// <summary>Partner offices: global administrators add, edit and retire them; nobody reaches another partner's offices.</summary>
public abstract class OfficeTests(PartnerCmsSite site)
{
    private static Dictionary<string, string> Form(string name, string locationId, string version = "0") => new()
    {
        ["Input.Name"] = name,
        ["Input.LocationId"] = locationId,
        ["Input.Address.Line1"] = "5 Main Street",
        ["Input.Address.City"] = "Seattle",
        ["Input.Address.PostalCode"] = "98101",
        ["Input.Address.CountryOrRegion"] = "US",
        ["Input.Phone"] = "+1 206 555 0100",
        ["Version"] = version,
    };

    private Task<OfficeIndex?> IndexAsync(string organizationId, string locationId) =>
        site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<OfficeIndex>().AsNoTracking()
            .SingleOrDefaultAsync(o => o.OrganizationId == organizationId && o.NormalizedLocationId == locationId.ToUpperInvariant()));

    private Task<int> OfficeCountAsync() =>
        site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<OfficeIndex>().CountAsync());

    [Fact]
    public async Task Global_administrator_adds_edits_and_retires_an_office_keeping_its_versions()
    {
        using var client = await site.SignInAsync(DemoUsers.ContosoAdmin);

        var created = await client.PostFormAsync("/partner/offices/new", Form("Contoso Seattle", "SEA-010"));
        var index = await IndexAsync("contoso-partners", "SEA-010");
        var edited = await client.PostFormAsync($"/partner/offices/{index!.ContentItemId}/edit", Form("Contoso Seattle Downtown", "SEA-010", version: "1"));
        var retired = await client.PostFormAsync($"/partner/offices/{index.ContentItemId}/retire", []);

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, retired.StatusCode);
        var after = await IndexAsync("contoso-partners", "SEA-010");
        Assert.Equal("Contoso Seattle Downtown", after!.Name);
        Assert.True(after.Retired);
        var versions = await site.AsSystemAsync(sp => sp.GetRequiredService<ContentManager>().GetVersionsAsync(index.ContentItemId));
        Assert.Equal([3, 2, 1], versions.Select(v => v.Version));
        Assert.Equal("Contoso Seattle", versions[^1].Get<OfficePart>().Name);
        var (_, active) = await client.GetPageAsync("/partner/offices");
        var (_, all) = await client.GetPageAsync("/partner/offices?retired=true");
        Assert.DoesNotContain("Contoso Seattle Downtown", active);
        Assert.Contains("Contoso Seattle Downtown", all);
    }

    [Fact]
    public async Task A_location_id_already_used_by_the_partner_is_refused_with_a_message()
    {
        using var client = await site.SignInAsync(DemoUsers.ContosoAdmin);
        var count = await OfficeCountAsync();

        var response = await client.PostFormAsync("/partner/offices/new", Form("Another Redmond", "red-001"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("Another office already has location ID", await response.Content.ReadAsStringAsync());
        Assert.Equal(count, await OfficeCountAsync());
    }

    [Fact]
    public async Task Invalid_office_fields_are_refused_with_messages_and_nothing_is_saved()
    {
        using var client = await site.SignInAsync(DemoUsers.ContosoAdmin);
        var count = await OfficeCountAsync();
        var form = Form("", "not a location id!");
        form["Input.Address.CountryOrRegion"] = "XX";

        var response = await client.PostFormAsync("/partner/offices/new", form);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Enter the office name.", body);
        Assert.Contains("A location ID has 1 to 32 letters, digits or dashes.", body);
        Assert.Contains("Choose a country or region from the list.", body);
        Assert.Equal(count, await OfficeCountAsync());
    }

    [Fact]
    public async Task Sales_sees_the_offices_but_cannot_add_edit_or_retire_them()
    {
        using var client = await site.SignInAsync(DemoUsers.ContosoSales);
        var redmond = await IndexAsync("contoso-partners", "RED-001");

        var (listStatus, list) = await client.GetPageAsync("/partner/offices");
        var add = await client.PostFormAsync("/partner/offices/new", Form("Sales Office", "SAL-001"));
        var edit = await client.PostFormAsync($"/partner/offices/{redmond!.ContentItemId}/edit", Form("Renamed", "RED-001", version: "1"));
        var retire = await client.PostFormAsync($"/partner/offices/{redmond.ContentItemId}/retire", []);

        Assert.Equal(HttpStatusCode.OK, listStatus);
        Assert.Contains("Contoso Redmond", list);
        Assert.DoesNotContain("/partner/offices/new", list);
        Assert.Equal(HttpStatusCode.Forbidden, add.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, edit.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, retire.StatusCode);
        var after = await IndexAsync("contoso-partners", "RED-001");
        Assert.Equal("Contoso Redmond", after!.Name);
        Assert.False(after.Retired);
        Assert.Null(await IndexAsync("contoso-partners", "SAL-001"));
    }

    [Fact]
    public async Task Another_partner_cannot_see_open_edit_or_retire_this_partners_offices()
    {
        using var client = await site.SignInAsync(DemoUsers.WoodgroveAdmin);
        var dublin = await IndexAsync("contoso-partners", "DUB-002");

        var (_, list) = await client.GetPageAsync("/partner/offices?retired=true");
        var open = await client.GetAsync($"/partner/offices/{dublin!.ContentItemId}/edit");
        var edit = await client.PostFormAsync($"/partner/offices/{dublin.ContentItemId}/edit", Form("Stolen", "DUB-002", version: "1"));
        var retire = await client.PostFormAsync($"/partner/offices/{dublin.ContentItemId}/retire", []);

        Assert.Contains("Woodgrove Sydney", list);
        Assert.DoesNotContain("Contoso", list);
        Assert.Equal(HttpStatusCode.NotFound, open.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, edit.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, retire.StatusCode);
        var after = await IndexAsync("contoso-partners", "DUB-002");
        Assert.Equal("Contoso Dublin", after!.Name);
        Assert.False(after.Retired);
    }

    [Fact]
    public async Task The_same_location_id_may_be_used_by_two_different_partners()
    {
        using var client = await site.SignInAsync(DemoUsers.WoodgroveAdmin);

        var response = await client.PostFormAsync("/partner/offices/new", Form("Woodgrove Redmond", "RED-001"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("Woodgrove Redmond", (await IndexAsync("woodgrove-partners", "RED-001"))!.Name);
        Assert.Equal("Contoso Redmond", (await IndexAsync("contoso-partners", "RED-001"))!.Name);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class OfficeTestsOnSqlite(SqliteSite shared) : OfficeTests(shared.Site);

[Collection(PostgresCollection.Name)]
public sealed class OfficeTestsOnPostgres(PostgresSite shared) : OfficeTests(shared.Site);
