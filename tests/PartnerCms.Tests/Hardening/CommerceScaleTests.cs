using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Data;
using PartnerCms.Offers.Models;
using PartnerCms.Tests.Infrastructure;
using static PartnerCms.Tests.Infrastructure.OfferSteps;

namespace PartnerCms.Tests.Hardening;

/// <summary>
/// R11 at scale: the commerce dashboard counts every offer (it used to stop silently at 1,000), pages the list, and
/// the CSV has every row. Figures are aggregated by the database.
/// </summary>
[Trait("Area", "Hardening")]
[Trait("Rule", "R11")]
public abstract class CommerceScaleTests(TestDatabase database) : IAsyncLifetime
{
    private const int Offers = 1050;
    private readonly PartnerCmsSite _site = new(database);

    public async Task InitializeAsync()
    {
        var office = await OfficeAsync(_site, "contoso-partners", "RED-001");
        await _site.AsSystemAsync(async sp =>
        {
            var db = sp.GetRequiredService<PartnerCmsDbContext>();
            var now = DateTime.UtcNow;
            var today = DateOnly.FromDateTime(now);
            for (var i = 0; i < Offers; i++)
            {
                var id = $"SEED{i:D10}".PadRight(26, '0');
                db.Add(new OfferIndex
                {
                    ContentItemId = id,
                    OrganizationId = "contoso-partners",
                    Published = true,
                    QuoteId = $"Q-S{i:D4}",
                    Kind = OfferKind.PurchaseOffer,
                    Status = OfferStatus.Active,
                    OfficeId = office,
                    CreatedBy = i % 2 == 0 ? "sales@contosopartners.example" : "admin@contosopartners.example",
                    CreatedUtc = now.AddMinutes(-1 - i),
                });
                db.Add(new OfferDailyViews { OrganizationId = "contoso-partners", OfferId = id, Day = today, Views = 2 });
                if (i % 10 == 9)
                {
                    db.Add(new OfferAcceptance
                    {
                        OrganizationId = "contoso-partners",
                        OfferId = id,
                        QuoteId = $"Q-S{i:D4}",
                        CustomerOrganizationId = "customer-" + i,
                        CustomerName = "Customer " + i,
                        AcceptedBy = "x@customer.example",
                        Licences = 3,
                        AcceptedUtc = now.AddMinutes(-1),
                    });
                }
            }

            return await db.SaveChangesAsync();
        });
    }

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task Every_offer_is_counted_the_list_is_paged_and_the_csv_has_every_row()
    {
        using var sales = await _site.SignInAsync(DemoUsers.ContosoSales);

        // The seeded purchase offers (the demo recipe adds a delegated-administration offer of its own).
        var (status, page) = await sales.GetPageAsync("/partner/commerce?Kind=PurchaseOffer");
        var (_, last) = await sales.GetPageAsync("/partner/commerce?Kind=PurchaseOffer&page=21");
        var csv = await (await sales.GetAsync("/partner/commerce/export.csv?Kind=PurchaseOffer")).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("1,050", HtmlPage.Text(page, "[data-total='offers']"));
        Assert.Equal("2100", HtmlPage.Text(page, "[data-total='views']"));
        Assert.Equal("105", HtmlPage.Text(page, "[data-total='acceptances']"));
        Assert.Equal("315", HtmlPage.Text(page, "[data-total='licences']"));
        Assert.Contains("Page 1 of 21", page);
        Assert.Equal(50, System.Text.RegularExpressions.Regex.Count(page, "<tr data-quote-id="));
        HtmlPage.AssertHas(last, "[data-quote-id='Q-S1049']");
        Assert.Contains("Offers 1,001–1,050 of 1,050", WebUtility.HtmlDecode(last));
        Assert.Equal(Offers + 1, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("Q-S1049", csv);
    }

    [Fact]
    public async Task Filters_and_groups_are_computed_over_every_offer()
    {
        using var sales = await _site.SignInAsync(DemoUsers.ContosoSales);

        var (_, page) = await sales.GetPageAsync("/partner/commerce?CreatedBy=admin%40contosopartners.example");

        Assert.Equal("525", HtmlPage.Text(page, "[data-total='offers']"));
        Assert.Equal("1050", HtmlPage.Text(page, "[data-total='views']"));
        Assert.Equal("105", HtmlPage.Text(page, "[data-total='acceptances']"));
    }
}

public sealed class CommerceScaleTestsOnSqlite() : CommerceScaleTests(TestDatabase.Sqlite);

public sealed class CommerceScaleTestsOnPostgres() : CommerceScaleTests(TestDatabase.Postgres);
