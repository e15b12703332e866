using PartnerCms.Core.Organizations;

namespace PartnerCms.Api.Models;

/// <summary>
/// An organization's API client: what the API clients page lists and every API request checks (revoked or expired
/// clients are refused at once, whatever tokens they hold). The secret lives hashed in OpenIddict's application; after
/// a rotation the previous hash stays valid until <see cref="PreviousSecretExpiresUtc"/>.
/// </summary>
public sealed class ApiClient : IOrganizationScoped
{
    /// <summary>The client id (also the OpenIddict application's ClientId).</summary>
    public required string Id { get; set; }

    public required string OrganizationId { get; set; }

    public required string Name { get; set; }

    /// <summary>The scopes it may ask for, separated by spaces.</summary>
    public required string Scopes { get; set; }

    public DateTime CreatedUtc { get; set; }

    public required string CreatedBy { get; set; }

    public DateTime ExpiresUtc { get; set; }

    public DateTime? RevokedUtc { get; set; }

    public string? RevokedBy { get; set; }

    public DateTime? LastUsedUtc { get; set; }

    public DateTime? RotatedUtc { get; set; }

    /// <summary>The hash of the secret before the last rotation (OpenIddict's format), valid until <see cref="PreviousSecretExpiresUtc"/>.</summary>
    public string? PreviousSecretHash { get; set; }

    public DateTime? PreviousSecretExpiresUtc { get; set; }

    public long TokensIssued { get; set; }

    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public bool IsActiveAt(DateTime nowUtc) => RevokedUtc is null && ExpiresUtc > nowUtc;
}

/// <summary>
/// A POST made with an Idempotency-Key: the hash of its body and, once answered, the answer, so a retry gets the same
/// answer and a different body with the same key is refused (422). Kept for a day.
/// </summary>
public sealed class ApiIdempotencyRecord : IOrganizationScoped
{
    public long Id { get; set; }

    public required string OrganizationId { get; set; }

    public required string ClientId { get; set; }

    public required string Key { get; set; }

    public required string RequestHash { get; set; }

    public DateTime CreatedUtc { get; set; }

    /// <summary>0 while the first request is still being answered.</summary>
    public int StatusCode { get; set; }

    public string? ContentType { get; set; }

    public string? Location { get; set; }

    public string? ETag { get; set; }

    public byte[]? Body { get; set; }
}

/// <summary>One client's API use in one hour (UTC): requests and how many answered 4xx and 5xx. Each node adds its counts.</summary>
public sealed class ApiUsageHour : IOrganizationScoped
{
    public long Id { get; set; }

    public required string OrganizationId { get; set; }

    public required string ClientId { get; set; }

    public DateTime HourUtc { get; set; }

    public long Requests { get; set; }

    public long ClientErrors { get; set; }

    public long ServerErrors { get; set; }
}
