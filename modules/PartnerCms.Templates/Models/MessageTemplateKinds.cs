namespace PartnerCms.Templates.Models;

/// <summary>A kind of message: which variables it gets, realistic sample data for previews, and whether the offer link is required.</summary>
public sealed record MessageTemplateKind(
    string Name,
    string DisplayName,
    bool RequiresOfferLink,
    IReadOnlyList<string> Variables,
    Func<IReadOnlyDictionary<string, object?>> SampleModel);

/// <summary>The kinds of message templates; other modules add theirs with services.Configure&lt;MessageTemplateOptions&gt;.</summary>
public sealed class MessageTemplateOptions
{
    public Dictionary<string, MessageTemplateKind> Kinds { get; } = new(StringComparer.Ordinal);

    public MessageTemplateOptions Add(MessageTemplateKind kind)
    {
        Kinds[kind.Name] = kind;
        return this;
    }
}

public static class MessageTemplateKindNames
{
    public const string TrialInvitation = "trial-invitation";
    public const string PurchaseOffer = "purchase-offer";
    public const string DelegatedAdministrationOffer = "delegated-administration-offer";
    public const string CustomerWelcome = "customer-welcome";
    public const string PartnerNotification = "partner-notification";
}

public static class SampleData
{
    public static PartnerModel Partner => new()
    {
        Name = "Contoso Partners",
        PartnerId = "4412345",
        Phone = "+1 425 555 0100",
        Email = "hello@contosopartners.example",
        WebSite = "https://www.contosopartners.example",
    };

    public static OfficeModel Office => new() { Name = "Contoso Redmond", City = "Redmond", Country = "United States", Phone = "+1 425 555 0100" };

    public static CustomerModel Customer => new() { Name = "Fabrikam, Inc.", Domain = "fabrikam.example", AdministratorName = "Fran Fabrikam" };

    public static OfferModel Offer(bool trial) => new()
    {
        QuoteId = "Q-7K4-92M",
        Link = "https://portal.example/offers/Q-7K4-92M?advisor=4412345&sig=3f9a…",
        IsTrial = trial,
        IncludesDelegatedAdministration = true,
        ExpiresOn = new DateTime(2027, 1, 31),
        Subscriptions = trial
            ? [new OfferSubscriptionModel { Name = "Microsoft Intune Plan 1 (30-day trial)", Licences = 25, TrialDays = 30 }]
            : [new OfferSubscriptionModel { Name = "Microsoft Intune Plan 1", Licences = 50 }, new OfferSubscriptionModel { Name = "Entra ID P2", Licences = 50 }],
    };

    public static readonly IReadOnlyList<string> OfferVariables =
    [
        "partner.name", "partner.partner_id", "partner.phone", "partner.email", "partner.web_site",
        "office.name", "office.city", "office.country", "office.phone",
        "offer.quote_id", "offer.link", "offer.is_trial", "offer.includes_delegated_administration", "offer.expires_on",
        "offer.subscriptions (each: name, licences, trial_days)",
    ];

    public static readonly IReadOnlyList<string> CustomerVariables =
    [
        "partner.name", "partner.partner_id", "partner.phone", "partner.email", "partner.web_site",
        "customer.name", "customer.domain", "customer.administrator_name",
    ];
}
