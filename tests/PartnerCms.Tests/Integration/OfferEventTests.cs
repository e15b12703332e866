using System.Collections.Concurrent;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Events;
using PartnerCms.Offers.Models;
using PartnerCms.Partners.Services;
using PartnerCms.Tests.Infrastructure;
using static PartnerCms.Tests.Infrastructure.OfferSteps;

namespace PartnerCms.Tests.Integration;

/// <summary>
/// The events the workflow feature will react to (offer created, viewed, accepted), delivered through the outbox to a
/// handler registered the way a module registers one; and the landing page following the partner's company information.
/// </summary>
public sealed class OfferEventTests : IAsyncLifetime
{
    private readonly Recorder _recorder = new();
    private readonly PartnerCmsSite _site;

    public OfferEventTests() => _site = new PartnerCmsSite(TestDatabase.Sqlite, services: services =>
    {
        services.AddSingleton(_recorder);
        services.AddEventHandler<OfferCreated, RecordingHandler>();
        services.AddEventHandler<OfferViewed, RecordingHandler>();
        services.AddEventHandler<OfferAccepted, RecordingHandler>();
        services.AddEventHandler<CompanyInformationChanged, RecordingHandler>();
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    [Trait("Rule", "R11")]
    [Trait("Rule", "R12")]
    public async Task Creating_viewing_and_accepting_an_offer_raise_events_with_the_customer_and_its_subscriptions()
    {
        using var sales = await _site.SignInAsync(DemoUsers.ContosoSales);
        var quoteId = await CreateOfferAsync(sales, "purchase", "US", await OfficeAsync(_site, "contoso-partners", "RED-001"), [("INTUNE-P1", 10), ("ENTRA-P2", 10)], delegated: true);
        var path = await LinkPathAsync(sales, quoteId);
        using var visitor = _site.Anonymous();
        await visitor.GetPageAsync(path);
        await visitor.GetPageAsync(path);
        var accepted = await SignUpAsync(visitor, path, NewDomain(), new() { ["INTUNE-P1"] = 4, ["ENTRA-P2"] = 6 }, delegated: true);
        await _site.DeliverEventsAsync();

        Assert.Equal(HttpStatusCode.OK, accepted.Status);
        var created = Assert.Single(_recorder.Events.OfType<OfferCreated>(), e => e.QuoteId == quoteId);
        Assert.Equal((quoteId, "contoso-partners", OfferKind.PurchaseOffer, DemoUsers.ContosoSales.UserName), (created.QuoteId, created.PartnerOrganizationId, created.Kind, created.CreatedBy));
        Assert.Equal(2, _recorder.Events.OfType<OfferViewed>().Count(v => v.QuoteId == quoteId && v.OfferId == created.OfferId));
        var acceptance = Assert.Single(_recorder.Events.OfType<OfferAccepted>());
        Assert.Equal((created.OfferId, quoteId, "contoso-partners", true, true), (acceptance.OfferId, acceptance.QuoteId, acceptance.PartnerOrganizationId, acceptance.SignedUp, acceptance.DelegatedAdministrationAccepted));
        Assert.Equal("admin@" + accepted.Domain, acceptance.AcceptedBy);
        Assert.False(string.IsNullOrEmpty(acceptance.CustomerOrganizationId));
        Assert.Equal([("ENTRA-P2", 6), ("INTUNE-P1", 4)], acceptance.Subscriptions.Select(s => (s.SkuCode, s.Licences)).Order());
    }

    [Fact]
    [Trait("Rule", "R1")]
    [Trait("Rule", "R12")]
    public async Task The_landing_page_shows_the_partners_company_information_as_soon_as_it_changes()
    {
        using var sales = await _site.SignInAsync(DemoUsers.ContosoSales);
        var quoteId = await CreateOfferAsync(sales, "trial", "US", await OfficeAsync(_site, "contoso-partners", "RED-001"), [("INTUNE-P1-TRIAL", 0)]);
        var path = await LinkPathAsync(sales, quoteId);
        using var visitor = _site.Anonymous();
        var (_, before) = await visitor.GetPageAsync(path);
        using var admin = await _site.SignInAsync(DemoUsers.ContosoAdmin);
        var version = await _site.AsSystemAsync(sp => sp.GetRequiredService<PartnerCms.Core.Data.PartnerCmsDbContext>().Set<PartnerCms.Partners.Models.CompanyInformation>()
            .Where(c => c.OrganizationId == "contoso-partners").Select(c => c.Version).SingleAsync());
        var saved = await admin.PostFormAsync("/partner/company/edit", CompanyInformationTests.ValidForm("+1 425 555 0199", version.ToString(System.Globalization.CultureInfo.InvariantCulture)), "/partner/company/edit");
        await _site.DeliverEventsAsync();
        var (_, after) = await visitor.GetPageAsync(path);

        Assert.Contains("+1 425 555 0100", WebUtility.HtmlDecode(before));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains(_recorder.Events.OfType<CompanyInformationChanged>(), e => e.OrganizationId == "contoso-partners");
        Assert.Contains("+1 425 555 0199", WebUtility.HtmlDecode(after));
    }

    public sealed class Recorder
    {
        public ConcurrentQueue<object> Queue { get; } = new();

        public IReadOnlyList<object> Events => Queue.ToList();
    }

    private sealed class RecordingHandler(Recorder recorder) :
        IEventHandler<OfferCreated>, IEventHandler<OfferViewed>, IEventHandler<OfferAccepted>, IEventHandler<CompanyInformationChanged>
    {
        public Task HandleAsync(OfferCreated domainEvent, CancellationToken cancellationToken) => Record(domainEvent);

        public Task HandleAsync(OfferViewed domainEvent, CancellationToken cancellationToken) => Record(domainEvent);

        public Task HandleAsync(OfferAccepted domainEvent, CancellationToken cancellationToken) => Record(domainEvent);

        public Task HandleAsync(CompanyInformationChanged domainEvent, CancellationToken cancellationToken) => Record(domainEvent);

        private Task Record(object domainEvent)
        {
            recorder.Queue.Enqueue(domainEvent);
            return Task.CompletedTask;
        }
    }
}
