using PartnerCms.Core.Extensions;

namespace PartnerCms.Offers;

/// <summary>What the offers module puts into other modules' pages: offer actions on a lookup result, Partner Overview entries.</summary>
public sealed class LookupOfferActions : IUiLinkProvider
{
    public string ExtensionPoint => ExtensionPoints.LookupResultActions;

    public IEnumerable<UiLink> GetLinks(IReadOnlyDictionary<string, string?> context)
    {
        // The wizard opens on the customer's usage location.
        var location = context.GetValueOrDefault("countryOrRegion") is { Length: > 0 } country ? "?location=" + Uri.EscapeDataString(country) : string.Empty;
        yield return new UiLink("trial", "Send trial invitation", AdminMenu.TrialUrl + location, 10, Permissions.CreateOffers);
        yield return new UiLink("purchase", "Create purchase offer", AdminMenu.PurchaseUrl + location, 20, Permissions.CreateOffers);
        if (context.GetValueOrDefault("delegated") != "true")
        {
            var customer = context.GetValueOrDefault("customerId") is { Length: > 0 } id ? "?customer=" + Uri.EscapeDataString(id) : string.Empty;
            yield return new UiLink("delegated-admin-offer", "Offer delegated administration", DelegatedAdministrationOfferUrl + customer, 30, Permissions.CreateOffers);
        }
    }

    public const string DelegatedAdministrationOfferUrl = "/partner/offers/new/delegated-admin";
}

public sealed class PartnerOverviewOfferEntries : IUiLinkProvider
{
    public string ExtensionPoint => ExtensionPoints.PartnerOverviewEntries;

    public IEnumerable<UiLink> GetLinks(IReadOnlyDictionary<string, string?> context) =>
    [
        new("trial", "Send trial invitations", AdminMenu.TrialUrl, 10, Permissions.CreateOffers,
            "Invite a customer to try one trial subscription: you get a Quote ID, a message and a link that names you as the advisor."),
        new("purchase", "Create purchase offers", AdminMenu.PurchaseUrl, 20, Permissions.CreateOffers,
            "Bundle one or more subscriptions with user licences into an offer with a Quote ID."),
        new("delegated-admin-offer", "Offer delegated administration", LookupOfferActions.DelegatedAdministrationOfferUrl, 25, Permissions.CreateOffers,
            "Ask an existing customer to make you its delegated administrator, so your Full and Limited administrators can help it."),
        new("commerce", "Commerce dashboard", AdminMenu.DashboardUrl, 30, Permissions.ViewCommerceDashboard,
            "Follow your offers by Quote ID: views, sign-ups, acceptances and licences."),
    ];
}
