using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Data;
using PartnerCms.Core.Organizations;
using PartnerCms.Directory.Models;
using PartnerCms.Directory.Services;
using PartnerCms.Offers.Models;
using PartnerCms.Templates.Services;
using PartnerCms.Tests.Infrastructure;

using static PartnerCms.Tests.Infrastructure.OfferSteps;

namespace PartnerCms.Tests.Integration;

/// <summary>
/// Trial invitations and purchase offers from the outside (R7–R13): the wizard, the offer page, the signed link, the
/// landing page, sign-up / sign-in and acceptance, and the commerce dashboard, over HTTP against the real portal.
/// </summary>
public abstract partial class OfferJourneyTests(PartnerCmsSite site)
{
    private const string Contoso = "contoso-partners";

    [GeneratedRegex("id=\"open-in-email\" data-testid=\"open-in-email\" href=\"([^\"]+)\"")]
    private static partial Regex MailToPattern();

    // ---- R8: the wizard ----------------------------------------------------------------------------------------

    [Fact]
    [Trait("Rule", "R8")]
    public async Task The_wizard_lists_only_what_the_usage_location_offers_and_refuses_anything_else_even_posted_directly()
    {
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var office = await OfficeAsync(Contoso, "RED-001");
        var before = await OfferCountAsync();

        var ireland = await sales.PostFormAsync(Wizard("purchase"), Fields(("Step", "1"), ("OfficeId", office), ("UsageLocation", "IE"), ("nav", "next")), Wizard("purchase"));
        var irelandPage = await ireland.Content.ReadAsStringAsync();
        var changed = await sales.PostFormAsync(Wizard("purchase"),
            Fields(("Step", "1"), ("OfficeId", office), ("UsageLocation", "IE"), ("Skus", "DEFENDER-P2"), ("Licences[DEFENDER-P2]", "5"), ("Skus", "INTUNE-P1"), ("Licences[INTUNE-P1]", "5"), ("nav", "next")),
            Wizard("purchase"));
        var changedPage = WebUtility.HtmlDecode(await changed.Content.ReadAsStringAsync());
        var direct = await sales.PostFormAsync(Wizard("purchase"),
            Fields(("Step", "4"), ("OfficeId", office), ("UsageLocation", "IE"), ("Skus", "DEFENDER-P2"), ("Licences[DEFENDER-P2]", "5"), ("nav", "create")), Wizard("purchase"));
        var directPage = WebUtility.HtmlDecode(await direct.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, ireland.StatusCode);
        HtmlPage.AssertHas(irelandPage, "[data-sku='INTUNE-P1']");
        Assert.DoesNotContain("data-sku=\"DEFENDER-P2\"", irelandPage);
        Assert.Contains("Defender for Endpoint Plan 2 is not offered in Ireland and was taken out of the offer.", changedPage);
        Assert.Matches("id=\"sku-INTUNE-P1\" name=\"Skus\" value=\"INTUNE-P1\" checked", changedPage);
        Assert.Equal(HttpStatusCode.BadRequest, direct.StatusCode);
        Assert.Contains("is not offered in the chosen usage location.", directPage);
        Assert.Equal(before, await OfferCountAsync());
    }

    [Fact]
    [Trait("Rule", "R7")]
    [Trait("Rule", "R8")]
    public async Task The_wizard_asks_for_one_of_the_partners_offices_and_one_trial_for_a_trial_invitation()
    {
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var woodgroveOffice = await OfficeAsync("woodgrove-partners", "SYD-001");
        var office = await OfficeAsync(Contoso, "RED-001");

        var otherOffice = await sales.PostFormAsync(Wizard("trial"), Fields(("Step", "1"), ("OfficeId", woodgroveOffice), ("UsageLocation", "US"), ("nav", "next")), Wizard("trial"));
        var twoTrials = await sales.PostFormAsync(Wizard("trial"),
            Fields(("Step", "4"), ("OfficeId", office), ("UsageLocation", "US"), ("Skus", "INTUNE-P1-TRIAL"), ("Skus", "EMS-E3-TRIAL"), ("nav", "create")), Wizard("trial"));

        Assert.Equal(HttpStatusCode.BadRequest, otherOffice.StatusCode);
        Assert.Contains("Choose one of your partner offices.", await otherOffice.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, twoTrials.StatusCode);
        Assert.Contains("A trial invitation holds exactly one trial subscription.", await twoTrials.Content.ReadAsStringAsync());
    }

    // ---- R9, R10: the message and the link ---------------------------------------------------------------------

    [Fact]
    [Trait("Rule", "R9")]
    public async Task The_offer_page_renders_the_partners_published_template_with_the_signed_link_and_an_encoded_mailto()
    {
        await site.AsSystemAsync(async sp =>
        {
            var templates = sp.GetRequiredService<MessageTemplateService>();
            var state = await templates.GetAsync("woodgrove-partners", "purchase-offer");
            await templates.SaveDraftAsync("woodgrove-partners", "purchase-offer", "Woodgrove & you: {{ offer.quote_id }}",
                "G'day from {{ partner.name }}!\n{% for s in offer.subscriptions %}* {{ s.name }} x {{ s.licences }}\n{% endfor %}Open: {{ offer.link }}", state!.Item?.Version ?? 0, "marketing@woodgrovepartners.example");
            return await templates.PublishAsync("woodgrove-partners", "purchase-offer", "marketing@woodgrovepartners.example");
        });
        using var admin = await site.SignInAsync(DemoUsers.WoodgroveAdmin);

        var quoteId = await CreateOfferAsync(admin, "purchase", "AU", await OfficeAsync("woodgrove-partners", "SYD-001"), [("INTUNE-P1", 12)]);
        var (status, page) = await admin.GetPageAsync($"/partner/offers/{quoteId}");
        var decoded = WebUtility.HtmlDecode(page);
        var link = WebUtility.HtmlDecode(LinkPattern().Match(page).Groups[1].Value);
        var mailto = WebUtility.HtmlDecode(MailToPattern().Match(page).Groups[1].Value);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(quoteId, decoded);
        Assert.Contains("G'day from Woodgrove Partners!", decoded);
        Assert.Contains("* Microsoft Intune Plan 1 x 12", decoded);
        Assert.Matches($"^http://localhost/offers/{quoteId}\\?advisor=5523456&sig=[A-Za-z0-9_-]+$", link);
        Assert.StartsWith($"mailto:?subject=Woodgrove%20%26%20you%3A%20{quoteId}&body=G%27day%20from%20Woodgrove%20Partners%21%0D%0A", mailto);
        Assert.Contains(Uri.EscapeDataString(link), mailto);

        // Customised before sending: the mail link follows the edit; a message too long for a mail link says so.
        var edited = await admin.PostFormAsync($"/partner/offers/{quoteId}/message", new() { ["Subject"] = "Hi", ["Body"] = "Short note " + link }, $"/partner/offers/{quoteId}");
        var editedPage = await edited.Content.ReadAsStringAsync();
        var tooLong = await admin.PostFormAsync($"/partner/offers/{quoteId}/message", new() { ["Subject"] = "Hi", ["Body"] = new string('x', 3000) + " " + link }, $"/partner/offers/{quoteId}");
        var tooLongPage = await tooLong.Content.ReadAsStringAsync();
        Assert.Equal($"mailto:?subject=Hi&body=Short%20note%20{Uri.EscapeDataString(link)}", WebUtility.HtmlDecode(MailToPattern().Match(editedPage).Groups[1].Value));
        Assert.Matches("data-testid=\"too-long\" hidden", editedPage);
        Assert.DoesNotMatch("data-testid=\"too-long\" hidden", tooLongPage);
        Assert.Equal("mailto:?subject=Hi&body=", WebUtility.HtmlDecode(MailToPattern().Match(tooLongPage).Groups[1].Value));
    }

    [Fact]
    [Trait("Rule", "R10")]
    [Trait("Rule", "R12")]
    public async Task The_same_link_serves_any_number_of_customers_and_names_none_of_them()
    {
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var quoteId = await CreateOfferAsync(sales, "purchase", "US", await OfficeAsync(Contoso, "RED-001"), [("EMS-E3", 20)]);
        var path = await LinkPathAsync(sales, quoteId);

        using var first = site.Anonymous();
        using var second = site.Anonymous();
        var a = await SignUpAsync(first, path, NewDomain(), new() { ["EMS-E3"] = 20 });
        var b = await SignUpAsync(second, path, NewDomain(), new() { ["EMS-E3"] = 7 });

        Assert.Equal(["advisor", "sig"], Query(path).Keys.Order());
        Assert.Equal(HttpStatusCode.OK, a.Status);
        Assert.Equal(HttpStatusCode.OK, b.Status);
        var subscriptions = await SubscriptionsAsync(a.Domain, b.Domain);
        Assert.Equal([20, 7], subscriptions.Select(s => s.LicenceCount));
        Assert.All(subscriptions, s => Assert.Equal(Contoso, s.AdvisorOrganizationId));
        Assert.NotEqual(subscriptions[0].OrganizationId, subscriptions[1].OrganizationId);
    }

    // ---- R12, R13: landing page and acceptance -----------------------------------------------------------------

    [Fact]
    [Trait("Rule", "R12")]
    [Trait("Rule", "R1")]
    public async Task An_anonymous_visitor_sees_the_offer_on_the_partners_landing_page()
    {
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var quoteId = await CreateOfferAsync(sales, "trial", "GB", await OfficeAsync(Contoso, "RED-001"), [("INTUNE-P1-TRIAL", 0)], delegated: true);
        using var visitor = site.Anonymous();

        var (status, page) = await visitor.GetPageAsync(await LinkPathAsync(sales, quoteId));
        var text = WebUtility.HtmlDecode(page);

        Assert.Equal(HttpStatusCode.OK, status);
        HtmlPage.AssertHas(page, "link[rel=stylesheet][href='/_content/PartnerCms.TheLanding/landing.css']");
        Assert.Equal("Contoso Partners", HtmlPage.Text(page, "[data-testid='partner-name']"));
        Assert.Contains("+1 425 555 0100", text);
        Assert.Contains("hello@contosopartners.example", text);
        Assert.Contains($"data-testid=\"quote-id\">{quoteId}<", page);
        Assert.Contains("Microsoft Intune Plan 1 (30-day trial)", text);
        Assert.Contains("30 days, up to 25 users, free", text);
        Assert.Contains("for use in United Kingdom", text);
        Assert.Contains("Delegated administration (optional)", text);
    }

    [Fact]
    [Trait("Rule", "R12")]
    public async Task Signing_up_creates_the_organization_its_global_administrator_and_the_chosen_licences_with_the_partner_as_advisor()
    {
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var quoteId = await CreateOfferAsync(sales, "purchase", "DE", await OfficeAsync(Contoso, "RED-001"), [("INTUNE-P1", 50), ("ENTRA-P2", 50)]);
        var path = await LinkPathAsync(sales, quoteId);
        using var visitor = site.Anonymous();
        var domain = NewDomain();

        var tooMany = await SignUpAsync(visitor, path, domain, new() { ["INTUNE-P1"] = 10_001, ["ENTRA-P2"] = 5 });
        var none = await SignUpAsync(visitor, path, domain, new() { ["INTUNE-P1"] = 0, ["ENTRA-P2"] = 5 });
        var weakPassword = await SignUpAsync(visitor, path, domain, new() { ["INTUNE-P1"] = 3, ["ENTRA-P2"] = 5 }, password: "short");
        var takenDomain = await SignUpAsync(visitor, path, "fabrikam.example", new() { ["INTUNE-P1"] = 3, ["ENTRA-P2"] = 5 });
        var nothingYet = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().OrganizationDomains.AnyAsync(d => d.NormalizedName == domain));
        var accepted = await SignUpAsync(visitor, path, domain, new() { ["INTUNE-P1"] = 3, ["ENTRA-P2"] = 5 });

        Assert.Equal(HttpStatusCode.BadRequest, tooMany.Status);
        Assert.Equal("Enter a number of licences from 1 to 10,000.", HtmlPage.Text(tooMany.Page, "[data-valmsg-for='Licences[INTUNE-P1]']"));
        Assert.Equal(HttpStatusCode.BadRequest, none.Status);
        Assert.Equal("Enter a number of licences from 1 to 10,000.", HtmlPage.Text(none.Page, "[data-valmsg-for='Licences[INTUNE-P1]']"));
        Assert.False(HtmlPage.Has(none.Page, "[data-valmsg-for='Licences[ENTRA-P2]']"));
        Assert.Equal(HttpStatusCode.BadRequest, weakPassword.Status);
        Assert.Contains("Passwords must be at least 10 characters.", weakPassword.Page);
        Assert.Equal(HttpStatusCode.BadRequest, takenDomain.Status);
        Assert.Contains("fabrikam.example is already registered.", takenDomain.Page);
        Assert.False(nothingYet);

        Assert.Equal(HttpStatusCode.OK, accepted.Status);
        Assert.Contains($"has accepted offer {quoteId}", accepted.Page);
        var (organization, isGlobalAdministrator) = await site.AsSystemAsync(async sp =>
        {
            var db = sp.GetRequiredService<PartnerCmsDbContext>();
            var org = await db.Organizations.Include(o => o.Domains).SingleAsync(o => o.Domains.Any(d => d.NormalizedName == domain));
            var users = sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<PartnerCms.Core.Accounts.PartnerCmsUser>>();
            var admin = await users.FindByNameAsync("admin@" + domain);
            return (org, admin!.OrganizationId == org.Id && await users.IsInRoleAsync(admin, PartnerCms.Core.Security.OrganizationRoles.CustomerGlobalAdministrator));
        });
        Assert.Equal(OrganizationKind.Customer, organization.Kind);
        Assert.Equal("DE", organization.CountryOrRegion);
        Assert.Equal(domain, organization.PrimaryDomain);
        Assert.True(isGlobalAdministrator);
        Assert.Equal([("ENTRA-P2", 5), ("INTUNE-P1", 3)], (await SubscriptionsAsync(domain)).Select(s => (s.SkuCode, s.LicenceCount)).Order());

        // Signed in as the new administrator: the account portal shows the subscriptions with the partner as advisor.
        var (portalStatus, portal) = await visitor.GetPageAsync("/portal/subscriptions/manage");
        Assert.Equal(HttpStatusCode.OK, portalStatus);
        Assert.Contains("Contoso Partners", portal);
    }

    [Fact]
    [Trait("Rule", "R12")]
    [Trait("Rule", "R15")]
    public async Task Signing_in_accepts_for_an_existing_customer_but_only_as_its_global_administrator()
    {
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var quoteId = await CreateOfferAsync(sales, "purchase", "GB", await OfficeAsync(Contoso, "RED-001"), [("DEFENDER-P2", 15)]);
        var path = await LinkPathAsync(sales, quoteId);
        using var visitor = site.Anonymous();

        var wrongPassword = await SignInAndAcceptAsync(visitor, path, DemoUsers.NorthwindAdmin.UserName, "not-the-password", new() { ["DEFENDER-P2"] = 15 });
        var notAnAdministrator = await SignInAndAcceptAsync(visitor, path, DemoUsers.NorthwindQuinn.UserName, DemoUsers.NorthwindQuinn.Password, new() { ["DEFENDER-P2"] = 15 });
        var partnerUser = await SignInAndAcceptAsync(visitor, path, DemoUsers.ContosoAdmin.UserName, DemoUsers.ContosoAdmin.Password, new() { ["DEFENDER-P2"] = 15 });
        var administrator = await SignInAndAcceptAsync(visitor, path, DemoUsers.NorthwindAdmin.UserName, DemoUsers.NorthwindAdmin.Password, new() { ["DEFENDER-P2"] = 9 });

        Assert.Equal(HttpStatusCode.BadRequest, wrongPassword.Status);
        Assert.Contains("The user name or password is not right.", wrongPassword.Page);
        Assert.Equal(HttpStatusCode.BadRequest, notAnAdministrator.Status);
        Assert.Contains("Only a global administrator of a customer organization can accept offers.", notAnAdministrator.Page);
        Assert.Equal(HttpStatusCode.BadRequest, partnerUser.Status);
        Assert.Equal(HttpStatusCode.OK, administrator.Status);
        var subscription = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<Subscription>().IgnoreQueryFilters()
            .SingleAsync(s => s.OrganizationId == "northwind" && s.SkuCode == "DEFENDER-P2" && s.Status == SubscriptionStatus.Active));
        Assert.Equal(9, subscription.LicenceCount);
        Assert.Equal(Contoso, subscription.AdvisorOrganizationId);
    }

    [Fact]
    [Trait("Rule", "R13")]
    public async Task Delegated_administration_is_a_separate_unticked_choice_and_either_can_be_accepted_without_the_other()
    {
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var quoteId = await CreateOfferAsync(sales, "trial", "US", await OfficeAsync(Contoso, "RED-001"), [("ENTRA-P2-TRIAL", 0)], delegated: true);
        var path = await LinkPathAsync(sales, quoteId);
        using var declines = site.Anonymous();
        using var accepts = site.Anonymous();
        using var onlyDelegation = site.Anonymous();
        using var nothing = site.Anonymous();

        var (_, acceptPage) = await declines.GetPageAsync(AcceptPath(path));
        var without = await SignUpAsync(declines, path, NewDomain(), [], delegated: false);
        var with = await SignUpAsync(accepts, path, NewDomain(), [], delegated: true);
        var delegationDomain = NewDomain();
        var delegationOnly = await onlyDelegation.PostFormAsync($"/offers/{quoteId}/accept",
            SignUpFields(path, delegationDomain, [], true, "Visitor-Pass-2026").Prepend(new("AcceptSubscriptions", "false")), AcceptPath(path));
        var neither = await nothing.PostFormAsync($"/offers/{quoteId}/accept",
            SignUpFields(path, NewDomain(), [], false, "Visitor-Pass-2026").Prepend(new("AcceptSubscriptions", "false")), AcceptPath(path));

        Assert.Matches("<input type=\"checkbox\" id=\"AcceptDelegatedAdministration\" name=\"AcceptDelegatedAdministration\" value=\"true\" data-testid", acceptPage);
        Assert.Matches("<input type=\"checkbox\" id=\"AcceptSubscriptions\" name=\"AcceptSubscriptions\" value=\"true\" checked=\"checked\"", acceptPage);
        Assert.Contains("You did not accept delegated administration.", without.Page);
        Assert.Contains("You also accepted Contoso Partners as a delegated administrator.", with.Page);
        Assert.Equal(HttpStatusCode.OK, delegationOnly.StatusCode);
        Assert.Contains("You accepted delegated administration only; no subscriptions were added.", await delegationOnly.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, neither.StatusCode);
        Assert.Contains("Choose what you accept: the subscriptions, delegated administration, or both.", await neither.Content.ReadAsStringAsync());
        var acceptances = await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<OfferAcceptance>().IgnoreQueryFilters()
            .Where(a => a.QuoteId == quoteId).OrderBy(a => a.Id).Select(a => new { a.DelegatedAdministrationAccepted, a.Licences }).ToListAsync());
        Assert.Equal([(false, 25), (true, 25), (true, 0)], acceptances.Select(a => (a.DelegatedAdministrationAccepted, a.Licences)));

        // The trial was accepted with or without delegated administration, and not when only delegation was.
        Assert.Equal(2, (await SubscriptionsAsync(without.Domain, with.Domain)).Count(s => s.SkuCode == "ENTRA-P2-TRIAL" && s.IsTrial));
        Assert.Empty(await SubscriptionsAsync(delegationDomain));
    }

    // ---- signed links ------------------------------------------------------------------------------------------

    [Fact]
    [Trait("Rule", "R10")]
    public async Task A_changed_or_invented_link_is_refused_with_a_friendly_page_and_accepts_nothing()
    {
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var quoteId = await CreateOfferAsync(sales, "purchase", "US", await OfficeAsync(Contoso, "RED-001"), [("INTUNE-P1", 5)]);
        var path = await LinkPathAsync(sales, quoteId);
        var sig = Query(path)["sig"];
        using var visitor = site.Anonymous();

        var changedSignature = await visitor.GetPageAsync(path.Replace("sig=" + sig, "sig=" + sig[..^3] + "AAA", StringComparison.Ordinal));
        var otherAdvisor = await visitor.GetPageAsync(path.Replace("advisor=4412345", "advisor=5523456", StringComparison.Ordinal));
        var invented = await visitor.GetPageAsync($"/offers/Q-AAA-AAA?advisor=4412345&sig={sig}");
        var bare = await visitor.GetPageAsync($"/offers/{quoteId}");
        var acceptTampered = await visitor.PostFormAsync($"/offers/{quoteId}/accept",
            SignUpFields(path.Replace("sig=" + sig, "sig=x" + sig, StringComparison.Ordinal), NewDomain(), new() { ["INTUNE-P1"] = 5 }, false, "Visitor-Pass-2026"), AcceptPath(path));

        foreach (var (status, page) in new[] { changedSignature, otherAdvisor, invented, bare })
        {
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Contains("This offer link is not valid", page);
            Assert.DoesNotContain("Microsoft Intune Plan 1", page);
        }

        Assert.Equal(HttpStatusCode.NotFound, acceptTampered.StatusCode);
        Assert.Equal(0, await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<OfferAcceptance>().IgnoreQueryFilters().CountAsync(a => a.QuoteId == quoteId)));
    }

    [Fact]
    [Trait("Rule", "R11")]
    public async Task A_withdrawn_offers_link_is_dead_at_once_and_only_its_partner_can_withdraw_it()
    {
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        using var otherPartner = await site.SignInAsync(DemoUsers.WoodgroveAdmin);
        var quoteId = await CreateOfferAsync(sales, "purchase", "US", await OfficeAsync(Contoso, "RED-001"), [("INTUNE-P1", 5)]);
        var path = await LinkPathAsync(sales, quoteId);
        using var visitor = site.Anonymous();
        var openBefore = await visitor.GetPageAsync(path);

        var byOtherPartner = await otherPartner.PostFormAsync($"/partner/offers/{quoteId}/withdraw", [], "/partner/commerce");
        var otherPartnerSees = await otherPartner.GetPageAsync($"/partner/offers/{quoteId}");
        var stillOpen = await visitor.GetPageAsync(path);
        var withdrawn = await sales.PostFormAsync($"/partner/offers/{quoteId}/withdraw", [], $"/partner/offers/{quoteId}");
        var closed = await visitor.GetPageAsync(path);
        var accept = await visitor.PostFormAsync($"/offers/{quoteId}/accept", SignUpFields(path, NewDomain(), new() { ["INTUNE-P1"] = 5 }, false, "Visitor-Pass-2026"), "/account/signin");

        Assert.Equal(HttpStatusCode.OK, openBefore.Status);
        Assert.Equal(HttpStatusCode.NotFound, byOtherPartner.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherPartnerSees.Status);
        Assert.Equal(HttpStatusCode.OK, stillOpen.Status);
        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, closed.Status);
        Assert.Contains("This offer has been withdrawn", closed.Body);
        Assert.Equal(HttpStatusCode.Gone, accept.StatusCode);
    }

    [Fact]
    [Trait("Rule", "R10")]
    public async Task An_expired_offers_link_shows_that_it_expired()
    {
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var office = await OfficeAsync(Contoso, "RED-001");
        var quoteId = await CreateOfferAsync(sales, "purchase", "US", office, [("INTUNE-P1", 5)], expiresOn: DateTime.UtcNow.Date.AddDays(3));
        var path = await LinkPathAsync(sales, quoteId);
        await site.AsSystemAsync(async sp =>
        {
            var offers = sp.GetRequiredService<PartnerCms.Offers.Services.OfferService>();
            var item = (await offers.FindByQuoteIdAsync(quoteId))!;
            item.Alter<OfferPart>(o => o.ExpiresUtc = DateTime.UtcNow.AddMinutes(-1));
            await sp.GetRequiredService<PartnerCms.Core.Content.ContentManager>().UpdateAsync(item);
            return true;
        });
        using var visitor = site.Anonymous();

        var (status, page) = await visitor.GetPageAsync(path);

        Assert.Equal(HttpStatusCode.Gone, status);
        Assert.Contains("This offer has expired", page);
    }

    // ---- acceptance happens once -------------------------------------------------------------------------------

    [Fact]
    [Trait("Rule", "R12")]
    public async Task Twenty_concurrent_accepts_create_one_set_of_subscriptions()
    {
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var office = await OfficeAsync(Contoso, "RED-001");
        var first = await LinkPathAsync(sales, await CreateOfferAsync(sales, "purchase", "CA", office, [("INTUNE-P1", 1)]));
        var quoteId = await CreateOfferAsync(sales, "purchase", "CA", office, [("EMS-E3", 40), ("AUTOPATCH", 40)]);
        var path = await LinkPathAsync(sales, quoteId);
        using var customer = site.Anonymous();
        var signedUp = await SignUpAsync(customer, first, NewDomain(), new() { ["INTUNE-P1"] = 1 });
        Assert.Equal(HttpStatusCode.OK, signedUp.Status);

        var token = await customer.AntiforgeryTokenAsync(AcceptPath(path));
        var query = Query(path);
        var posts = Enumerable.Range(0, 20).Select(_ => customer.Http.PostAsync($"/offers/{quoteId}/accept", new FormUrlEncodedContent(Fields(
            ("Advisor", query["advisor"]), ("Sig", query["sig"]), ("As", "current"), ("Licences[EMS-E3]", "40"), ("Licences[AUTOPATCH]", "12"), ("__RequestVerificationToken", token)))));
        var responses = await Task.WhenAll(posts);
        var pages = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single(pages, p => p.Contains("has accepted offer", StringComparison.Ordinal));
        Assert.Equal(19, pages.Count(p => p.Contains("had already accepted this offer", StringComparison.Ordinal)));
        var subscriptions = await SubscriptionsAsync(signedUp.Domain);
        Assert.Equal([("AUTOPATCH", 12), ("EMS-E3", 40), ("INTUNE-P1", 1)], subscriptions.Select(s => (s.SkuCode, s.LicenceCount)).Order());
        Assert.Equal(1, await site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<OfferAcceptance>().IgnoreQueryFilters().CountAsync(a => a.QuoteId == quoteId)));
    }

    [Fact]
    [Trait("Rule", "R7")]
    [Trait("Rule", "R12")]
    public async Task A_trial_can_be_taken_once_per_organization_even_after_it_was_cancelled()
    {
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var office = await OfficeAsync(Contoso, "RED-001");
        var firstTrial = await LinkPathAsync(sales, await CreateOfferAsync(sales, "trial", "FR", office, [("INTUNE-SUITE-TRIAL", 0)]));
        var secondTrial = await LinkPathAsync(sales, await CreateOfferAsync(sales, "trial", "FR", office, [("INTUNE-SUITE-TRIAL", 0)]));
        using var customer = site.Anonymous();
        var accepted = await SignUpAsync(customer, firstTrial, NewDomain(), []);
        var trial = (await SubscriptionsAsync(accepted.Domain)).Single();
        await site.AsSystemAsync(sp => sp.GetRequiredService<SubscriptionService>().CancelAsync(trial.OrganizationId, trial.Id, trial.Version));

        var again = await customer.PostFormAsync(AcceptPath(secondTrial).Split('?')[0], AcceptFields(secondTrial, "current", []), AcceptPath(secondTrial));
        var page = WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, accepted.Status);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("has already had the Microsoft Intune Suite (30-day trial). A trial can be taken once", page);
        Assert.Empty(await SubscriptionsAsync(accepted.Domain));
    }

    // ---- R11: the commerce dashboard ---------------------------------------------------------------------------

    [Fact]
    [Trait("Rule", "R11")]
    public async Task The_dashboard_tracks_each_offer_by_quote_id_views_sign_ups_acceptances_and_licences_for_its_partner_only()
    {
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var quoteId = await CreateOfferAsync(sales, "purchase", "JP", await OfficeAsync(Contoso, "DUB-002"), [("INTUNE-P1", 30), ("EMS-E3", 30)]);
        var path = await LinkPathAsync(sales, quoteId);
        using var visitor = site.Anonymous();
        await visitor.GetPageAsync(path);
        await visitor.GetPageAsync(path);
        await visitor.GetPageAsync(path);
        await SignUpAsync(visitor, path, NewDomain(), new() { ["INTUNE-P1"] = 11, ["EMS-E3"] = 4 });

        var (status, page) = await sales.GetPageAsync($"/partner/commerce?QuoteId={quoteId.ToLowerInvariant().Replace("-", "", StringComparison.Ordinal)}");
        var row = HtmlPage.Parse(page).QuerySelector($"tr[data-quote-id='{quoteId}']");
        var (csvStatus, csv) = await sales.GetPageAsync($"/partner/commerce/export.csv?QuoteId={quoteId}");
        using var marketing = await site.SignInAsync(DemoUsers.ContosoMarketing);
        var (marketingStatus, _) = await marketing.GetPageAsync("/partner/commerce");
        using var otherPartner = await site.SignInAsync(DemoUsers.WoodgroveAdmin);
        var (_, otherPage) = await otherPartner.GetPageAsync($"/partner/commerce?QuoteId={quoteId}");
        using var customer = await site.SignInAsync(DemoUsers.FabrikamAdmin);
        var (customerStatus, _) = await customer.GetPageAsync("/partner/commerce");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(row);
        string? Field(string name) => row!.QuerySelector($"[data-field='{name}']")?.TextContent.Trim();
        Assert.Equal(("3", "1", "1", "15"), (Field("views"), Field("signups"), Field("acceptances"), Field("licences")));
        Assert.Contains("Contoso Dublin (DUB-002)", row!.TextContent);
        Assert.Equal(HttpStatusCode.OK, csvStatus);
        Assert.Contains($"{quoteId},PurchaseOffer,Active,Contoso Dublin (DUB-002),sales@contosopartners.example,", csv);
        Assert.EndsWith(",3,1,1,15,0", csv.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1].TrimEnd('\r'));
        Assert.Equal(HttpStatusCode.OK, marketingStatus);
        Assert.DoesNotContain($"data-quote-id=\"{quoteId}\"", otherPage);
        Assert.Equal(HttpStatusCode.Forbidden, customerStatus);
    }

    [Fact]
    [Trait("Rule", "R16")]
    [Trait("Rule", "R8")]
    public async Task Sales_and_delegated_users_create_offers_marketing_and_customers_are_refused()
    {
        using var limited = await site.SignInAsync(DemoUsers.ContosoLimited);
        using var marketing = await site.SignInAsync(DemoUsers.ContosoMarketing);
        using var customer = await site.SignInAsync(DemoUsers.FabrikamAdmin);
        using var anonymous = site.Anonymous();

        var byLimited = await CreateOfferAsync(limited, "trial", "US", await OfficeAsync(Contoso, "RED-001"), [("INTUNE-P1-TRIAL", 0)]);
        var marketingWizard = await marketing.GetAsync(Wizard("purchase"));
        var customerWizard = await customer.GetAsync(Wizard("trial"));
        var anonymousWizard = await anonymous.GetAsync(Wizard("trial"));
        var customerPost = await customer.PostFormAsync(Wizard("trial"), Fields(("Step", "1"), ("nav", "next")), "/portal");

        Assert.StartsWith("Q-", byLimited);
        Assert.Equal(HttpStatusCode.Forbidden, marketingWizard.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, customerWizard.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, anonymousWizard.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, customerPost.StatusCode);
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private Task<string> OfficeAsync(string organizationId, string locationId) => OfferSteps.OfficeAsync(site, organizationId, locationId);

    private Task<int> OfferCountAsync() => site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<OfferIndex>().CountAsync());

    private Task<List<Subscription>> SubscriptionsAsync(params string[] domains) => site.AsSystemAsync(async sp =>
    {
        var db = sp.GetRequiredService<PartnerCmsDbContext>();
        var result = new List<Subscription>();
        foreach (var domain in domains)
        {
            var organizationId = await db.OrganizationDomains.Where(d => d.NormalizedName == domain).Select(d => d.OrganizationId).SingleAsync();
            result.AddRange(await db.Set<Subscription>().IgnoreQueryFilters().Where(s => s.OrganizationId == organizationId && s.Status == SubscriptionStatus.Active).OrderBy(s => s.SkuCode).ToListAsync());
        }

        return result;
    });
}

[Collection(SqliteCollection.Name)]
public sealed class OfferJourneyTestsOnSqlite(SqliteSite shared) : OfferJourneyTests(shared.Site);

[Collection(PostgresCollection.Name)]
public sealed class OfferJourneyTestsOnPostgres(PostgresSite shared) : OfferJourneyTests(shared.Site);
