namespace PartnerCms.Api.Abstractions;

/// <summary>
/// The scopes an API client may be given. Each is granted by the module that serves it, mapped to the permission its
/// registering administrator must hold (<see cref="ApiServiceCollectionExtensions.AddApiScope"/>), so a client never
/// gets more than the person who registered it could do.
/// </summary>
public static class ApiScopes
{
    public const string CustomersRead = "customers.read";
    public const string OffersRead = "offers.read";
    public const string OffersWrite = "offers.write";
    public const string RelationshipsRead = "relationships.read";
    public const string RelationshipsWrite = "relationships.write";
    public const string ServiceRequestsRead = "service-requests.read";
    public const string ServiceRequestsWrite = "service-requests.write";
    public const string SubscriptionsRead = "subscriptions.read";
    public const string AuditRead = "audit.read";
    public const string WebhooksManage = "webhooks.manage";

    public static IReadOnlyList<string> All { get; } =
        [CustomersRead, OffersRead, OffersWrite, RelationshipsRead, RelationshipsWrite, ServiceRequestsRead, ServiceRequestsWrite, SubscriptionsRead, AuditRead, WebhooksManage];
}

/// <summary>
/// A scope as a module grants it: what it allows in plain words, and the permission (by name) the registering
/// administrator must hold for a client to be given it. Several grants of one scope (e.g. a partner's and a customer's
/// side) each name their own permission; holding any one is enough.
/// </summary>
public sealed record ApiScopeGrant(string Scope, string Description, string Permission);
