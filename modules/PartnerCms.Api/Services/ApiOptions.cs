namespace PartnerCms.Api.Services;

/// <summary>The API's settings (section "Api").</summary>
public sealed class ApiOptions
{
    /// <summary>The operator's switch: off answers every API request and token request with 503.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Requests per minute per client (a fixed window per node).</summary>
    public int RequestsPerMinute { get; set; } = 600;

    /// <summary>Token requests per minute per client address (a fixed window per node), counted before the secret is checked.</summary>
    public int TokenRequestsPerMinute { get; set; } = 60;

    /// <summary>How long the previous secret keeps working after a rotation.</summary>
    public TimeSpan PreviousSecretValidFor { get; set; } = TimeSpan.FromHours(24);

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Refuse tokens over plain HTTP (behind a TLS proxy with forwarded headers, turn this on).</summary>
    public bool RequireHttps { get; set; }

    /// <summary>The longest a client may be registered for.</summary>
    public int MaxClientDays { get; set; } = 730;

    /// <summary>The most clients one organization may have (active or not yet removed).</summary>
    public int MaxClientsPerOrganization { get; set; } = 50;
}
