using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Data;
using PartnerCms.Offers.Models;
using PartnerCms.Offers.Services;
using PartnerCms.Partners.Models;
using PartnerCms.Tests.Infrastructure;

namespace PartnerCms.Tests.Integration;

/// <summary>
/// The offer service behind the wizard, called directly: the rules it keeps whichever page or API calls it.
/// Every check the wizard makes is made again here.
/// </summary>
public abstract partial class OfferServiceTests(PartnerCmsSite site)
{
    [GeneratedRegex("^Q-[ACDEFGHJKMNPQRTWXY34679]{3}-[ACDEFGHJKMNPQRTWXY34679]{3}$")]
    private static partial Regex QuoteIdPattern();

    private Task<string> OfficeAsync(string organizationId, string locationId) =>
        site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<OfficeIndex>()
            .Where(o => o.OrganizationId == organizationId && o.LocationId == locationId).Select(o => o.ContentItemId).SingleAsync());

    private async Task<OfferResult> CreateAsync(OfferKind kind, string location, params (string Sku, int Licences)[] lines)
    {
        var office = await OfficeAsync("contoso-partners", "RED-001");
        return await CreateAsync(new OfferInput
        {
            Kind = kind,
            OfficeId = office,
            UsageLocation = location,
            Lines = lines.Select(l => new OfferLineInput { SkuCode = l.Sku, Licences = l.Licences }).ToList(),
            IncludesDelegatedAdministration = true,
        });
    }

    private Task<OfferResult> CreateAsync(OfferInput input) =>
        site.AsSystemAsync(sp => sp.GetRequiredService<OfferService>().CreateAsync("contoso-partners", input, DemoUsers.ContosoSales.UserName));

    [Fact]
    [Trait("Rule", "R7")]
    public async Task A_trial_invitation_holds_exactly_one_trial_subscription()
    {
        var two = await CreateAsync(OfferKind.TrialInvitation, "US", ("INTUNE-P1-TRIAL", 0), ("ENTRA-P2-TRIAL", 0));
        var none = await CreateAsync(OfferKind.TrialInvitation, "US");
        var paid = await CreateAsync(OfferKind.TrialInvitation, "US", ("INTUNE-P1", 10));
        var one = await CreateAsync(OfferKind.TrialInvitation, "US", ("INTUNE-P1-TRIAL", 0));

        Assert.Equal("A trial invitation holds exactly one trial subscription.", two.Errors["Lines"]);
        Assert.Equal("Choose the trial subscription to offer.", none.Errors["Lines"]);
        Assert.Equal("Choose a trial subscription from the list.", paid.Errors["Lines"]);
        Assert.True(one.Succeeded);
        var line = Assert.Single(one.Offer!.Get<OfferPart>().Lines);
        Assert.Equal(30, line.TrialDays);
    }

    [Fact]
    [Trait("Rule", "R7")]
    public async Task A_purchase_offer_holds_one_or_more_subscriptions_each_with_user_licences()
    {
        var none = await CreateAsync(OfferKind.PurchaseOffer, "US");
        var zero = await CreateAsync(OfferKind.PurchaseOffer, "US", ("INTUNE-P1", 0));
        var twice = await CreateAsync(OfferKind.PurchaseOffer, "US", ("INTUNE-P1", 5), ("INTUNE-P1", 5));
        var bundle = await CreateAsync(OfferKind.PurchaseOffer, "US", ("INTUNE-P1", 50), ("ENTRA-P2", 20));

        Assert.Equal("Choose at least one subscription.", none.Errors["Lines"]);
        Assert.Contains("Enter between 1 and", zero.Errors["Lines"]);
        Assert.Equal("Each subscription can be in the offer once.", twice.Errors["Lines"]);
        Assert.True(bundle.Succeeded);
        Assert.Equal([("INTUNE-P1", 50), ("ENTRA-P2", 20)], bundle.Offer!.Get<OfferPart>().Lines.Select(l => (l.SkuCode, l.Licences)));
    }

    [Fact]
    [Trait("Rule", "R8")]
    public async Task Only_subscriptions_the_catalog_offers_in_the_usage_location_are_accepted_and_the_office_must_be_the_partners()
    {
        var notInIreland = await CreateAsync(OfferKind.PurchaseOffer, "IE", ("DEFENDER-P2", 10));
        var unknownLocation = await CreateAsync(OfferKind.PurchaseOffer, "XX", ("INTUNE-P1", 10));
        var otherPartnersOffice = await CreateAsync(new OfferInput
        {
            Kind = OfferKind.PurchaseOffer,
            OfficeId = await OfficeAsync("woodgrove-partners", "SYD-001"),
            UsageLocation = "US",
            Lines = [new OfferLineInput { SkuCode = "INTUNE-P1", Licences = 10 }],
        });

        Assert.Equal("Defender for Endpoint Plan 2 is not offered in the chosen usage location.", notInIreland.Errors["Lines"]);
        Assert.True(unknownLocation.Errors.ContainsKey("UsageLocation"));
        Assert.Equal("Choose one of your partner offices.", otherPartnersOffice.Errors["OfficeId"]);
    }

    [Fact]
    [Trait("Rule", "R11")]
    public async Task Each_offer_gets_its_own_short_readable_Quote_ID()
    {
        var first = await CreateAsync(OfferKind.PurchaseOffer, "GB", ("EMS-E3", 10));
        var second = await CreateAsync(OfferKind.PurchaseOffer, "GB", ("EMS-E3", 10));

        var a = first.Offer!.Get<OfferPart>().QuoteId;
        var b = second.Offer!.Get<OfferPart>().QuoteId;
        Assert.Matches(QuoteIdPattern(), a);
        Assert.NotEqual(a, b);
        Assert.Equal(a, QuoteIds.Normalize(" " + a.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal) + " "));
    }

    [Fact]
    [Trait("Rule", "R10")]
    public async Task The_link_carries_the_advisor_code_and_a_signature_and_nothing_about_a_customer_and_any_change_is_refused()
    {
        var offer = (await CreateAsync(OfferKind.PurchaseOffer, "US", ("INTUNE-P1", 10))).Offer!.Get<OfferPart>();
        var signer = site.Services.GetRequiredService<OfferLinkSigner>();

        var path = signer.PathFor(offer.QuoteId, offer.AdvisorCode);
        var signature = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri("http://x" + path).Query)["sig"].ToString();

        Assert.StartsWith($"/offers/{offer.QuoteId}?advisor=4412345&sig=", path);
        Assert.True(signer.IsValid(offer.QuoteId, "4412345", signature));
        Assert.False(signer.IsValid(offer.QuoteId, "5523456", signature));
        Assert.False(signer.IsValid("Q-AAA-AAA", "4412345", signature));
        Assert.False(signer.IsValid(offer.QuoteId, "4412345", signature[..^2] + "xy"));
        Assert.False(signer.IsValid(offer.QuoteId, "4412345", "invented"));
    }

    [Fact]
    public async Task A_withdrawn_offer_is_closed_and_only_its_partner_can_withdraw_it()
    {
        var offer = (await CreateAsync(OfferKind.PurchaseOffer, "US", ("INTUNE-P1", 10))).Offer!.Get<OfferPart>();

        var byOther = await site.AsSystemAsync(sp => sp.GetRequiredService<OfferService>().WithdrawAsync("woodgrove-partners", offer.QuoteId, "admin@woodgrovepartners.example"));
        var stillOpen = await site.AsSystemAsync(async sp => sp.GetRequiredService<OfferService>().IsOpen((await sp.GetRequiredService<OfferService>().FindByQuoteIdAsync(offer.QuoteId))!.Get<OfferPart>()));
        var byOwner = await site.AsSystemAsync(sp => sp.GetRequiredService<OfferService>().WithdrawAsync("contoso-partners", offer.QuoteId, DemoUsers.ContosoSales.UserName));
        var open = await site.AsSystemAsync(async sp => sp.GetRequiredService<OfferService>().IsOpen((await sp.GetRequiredService<OfferService>().FindByQuoteIdAsync(offer.QuoteId))!.Get<OfferPart>()));

        Assert.False(byOther);
        Assert.True(stillOpen);
        Assert.True(byOwner);
        Assert.False(open);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class OfferServiceTestsOnSqlite(SqliteSite shared) : OfferServiceTests(shared.Site);

[Collection(PostgresCollection.Name)]
public sealed class OfferServiceTestsOnPostgres(PostgresSite shared) : OfferServiceTests(shared.Site);
