using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Liquid;
using PartnerCms.Tests.Infrastructure;
using static PartnerCms.Tests.Infrastructure.OfferSteps;

namespace PartnerCms.Tests.Hardening;

/// <summary>The offer page parses the partner's published message template once per version, not on every view.</summary>
[Trait("Area", "Hardening")]
[Trait("Rule", "R9")]
public sealed class TemplateCacheTests : IAsyncLifetime
{
    private readonly PartnerCmsSite _site = new(TestDatabase.Sqlite);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task The_published_template_is_parsed_once_per_version_and_a_new_version_shows_at_once()
    {
        var liquid = _site.Services.GetRequiredService<LiquidTemplateService>();
        using var sales = await _site.SignInAsync(DemoUsers.ContosoSales);
        var quoteId = await CreateOfferAsync(sales, "purchase", "US", await OfficeAsync(_site, "contoso-partners", "RED-001"), [("INTUNE-P1", 5)]);
        Assert.Equal(HttpStatusCode.OK, (await sales.GetPageAsync($"/partner/offers/{quoteId}")).Status);

        var before = liquid.Parses;
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await sales.GetPageAsync($"/partner/offers/{quoteId}")).Status);
        }

        Assert.Equal(before, liquid.Parses);

        using var marketing = await _site.SignInAsync(DemoUsers.ContosoMarketing);
        var save = await marketing.PostFormAsync("/partner/templates/purchase-offer",
            new() { ["Subject"] = "New subject {{ offer.quote_id }}", ["Body"] = "Version two {{ offer.link }}", ["Version"] = "0" }, "/partner/templates/purchase-offer");
        Assert.Equal(HttpStatusCode.Redirect, save.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await marketing.PostFormAsync("/partner/templates/purchase-offer/publish", new(), "/partner/templates/purchase-offer")).StatusCode);

        var (_, page) = await sales.GetPageAsync($"/partner/offers/{quoteId}");
        Assert.Contains("Version two", page);
        Assert.Contains($"New subject {quoteId}", page);
    }
}
