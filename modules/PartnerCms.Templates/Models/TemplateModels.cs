namespace PartnerCms.Templates.Models;

// The view models templates read. Only these are allowed (LiquidOptions.AllowModel): never entities or services.

public sealed class PartnerModel
{
    public string Name { get; init; } = string.Empty;

    public string PartnerId { get; init; } = string.Empty;

    public string Phone { get; init; } = string.Empty;

    public string Email { get; init; } = string.Empty;

    public string WebSite { get; init; } = string.Empty;
}

public sealed class OfficeModel
{
    public string Name { get; init; } = string.Empty;

    public string City { get; init; } = string.Empty;

    public string Country { get; init; } = string.Empty;

    public string Phone { get; init; } = string.Empty;
}

public sealed class OfferSubscriptionModel
{
    public string Name { get; init; } = string.Empty;

    public int Licences { get; init; }

    public int TrialDays { get; init; }
}

public sealed class OfferModel
{
    public string QuoteId { get; init; } = string.Empty;

    public string Link { get; init; } = string.Empty;

    public bool IsTrial { get; init; }

    public bool IncludesDelegatedAdministration { get; init; }

    public DateTime? ExpiresOn { get; init; }

    public IReadOnlyList<OfferSubscriptionModel> Subscriptions { get; init; } = [];
}

public sealed class CustomerModel
{
    public string Name { get; init; } = string.Empty;

    public string Domain { get; init; } = string.Empty;

    public string AdministratorName { get; init; } = string.Empty;
}
