using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PartnerCms.Core.Data;
using PartnerCms.Core.Net;
using PartnerCms.Core.Organizations;
using PartnerCms.Workflows.Abstractions;

namespace PartnerCms.Workflows.Activities;

public sealed class HttpRequestSettings
{
    /// <summary>Where to POST: an absolute http(s) URL.</summary>
    [Field("URL", Help = "Where to POST: an absolute https:// address. Private and loopback addresses are refused unless the operator allows them.", Kind = FieldKind.Url, Required = true)]
    public string Url { get; set; } = string.Empty;

    /// <summary>Liquid that renders the JSON body; empty: the event's values as JSON.</summary>
    [Field("JSON body", Help = "Liquid that renders the JSON; empty sends the event's values.", Kind = FieldKind.LiquidMultiline)]
    public string? Body { get; set; }

    [Field("Timeout (seconds)", Help = "1 to 30.")]

    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Further attempts after a failure (a connection error, a timeout or a 5xx), one second apart.</summary>
    [Field("Retries", Help = "Further attempts after a connection error, a timeout or a 5xx, one second apart (0 to 3).")]
    public int Retries { get; set; } = 2;
}

/// <summary>
/// POSTs JSON to a URL, signed with the organization's signing secret (header <c>X-PartnerCms-Signature: sha256=…</c>
/// over <c>timestamp + "." + body</c>, timestamp in <c>X-PartnerCms-Timestamp</c>). Done on a 2xx answer, Failed
/// otherwise; the status code is in the journal. Loopback, private and link-local addresses are refused (also when a
/// name resolves to one) unless the operator allows them (<c>Workflows:Http:AllowPrivateAddresses</c>).
/// </summary>
public sealed class HttpRequest(IHttpClientFactory clients, OutboundAddressGuard guard, IWorkflowSendQuota quota, WorkflowSigningSecrets secrets, TimeProvider clock) : WorkflowActivity<HttpRequestSettings>
{
    public const string ClientName = "PartnerCms.Workflows.Http";
    public const string SignatureHeader = "X-PartnerCms-Signature";
    public const string TimestampHeader = "X-PartnerCms-Timestamp";

    public override string Type => "HttpRequest";

    public override string DisplayName => "HTTP request";

    public override string Category => "Integration";

    public override string Description => "POSTs JSON (Liquid) to a URL of another system, signed with your organization's signing secret; Done on 2xx, Failed otherwise.";

    public override IReadOnlyList<string> Outcomes => [Abstractions.Outcomes.Done, Abstractions.Outcomes.Failed];

    protected override IReadOnlyList<ActivityError> Validate(HttpRequestSettings settings, WorkflowValidationContext context)
    {
        var errors = new List<ActivityError>();
        if (guard.CheckUrl(settings.Url) is { } problem)
        {
            errors.Add(new(nameof(HttpRequestSettings.Url), problem));
        }

        if (settings.TimeoutSeconds is < 1 or > 30)
        {
            errors.Add(new(nameof(HttpRequestSettings.TimeoutSeconds), "Between 1 and 30."));
        }

        if (settings.Retries is < 0 or > 3)
        {
            errors.Add(new(nameof(HttpRequestSettings.Retries), "Between 0 and 3."));
        }

        errors.AddRange(CheckLiquid(context, nameof(HttpRequestSettings.Body), settings.Body));
        return errors;
    }

    protected override async Task<ActivityResult> ExecuteAsync(ActivityContext context, HttpRequestSettings settings, CancellationToken cancellationToken)
    {
        var body = string.IsNullOrWhiteSpace(settings.Body)
            ? JsonSerializer.Serialize(context.Event, WorkflowJson.Options)
            : await context.RenderAsync(settings.Body, cancellationToken);
        try
        {
            using var _ = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"The body is not JSON: {ex.Message}", ex);
        }

        context.Journal["url"] = settings.Url;
        if (guard.CheckUrl(settings.Url) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        if (context.DryRun)
        {
            await quota.TakeAsync(context, WorkflowSendChannels.Http, 1, cancellationToken);
            context.Journal["dryRun"] = "not sent";
            return ActivityResult.Outcome(Abstractions.Outcomes.Done);
        }

        var secret = await secrets.SecretOfAsync(context.OrganizationId, cancellationToken);
        var client = clients.CreateClient(ClientName);
        string? last = null;
        for (var attempt = 0; attempt <= settings.Retries; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }

            // Every attempt is a request to another system: each is taken from the organization's quota.
            await quota.TakeAsync(context, WorkflowSendChannels.Http, 1, cancellationToken);

            var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add(TimestampHeader, timestamp);
            request.Headers.Add(SignatureHeader, "sha256=" + Sign(secret, timestamp, body));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
            try
            {
                using var response = await client.SendAsync(request, timeout.Token);
                context.Journal["status"] = (int)response.StatusCode;
                context.Journal["attempts"] = attempt + 1;
                if (response.IsSuccessStatusCode)
                {
                    return ActivityResult.Outcome(Abstractions.Outcomes.Done);
                }

                last = $"{(int)response.StatusCode} {response.ReasonPhrase}";
                if ((int)response.StatusCode < 500)
                {
                    break;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                last = ex is OperationCanceledException ? $"no answer within {settings.TimeoutSeconds} s" : ex.GetBaseException().Message;
                context.Journal["attempts"] = attempt + 1;
            }
        }

        context.Journal["error"] = last;
        return ActivityResult.Outcome(Abstractions.Outcomes.Failed);
    }

    /// <summary>The signature a receiver recomputes: hex HMAC-SHA256 of "timestamp.body" with the organization's secret.</summary>
    public static string Sign(string secret, string timestamp, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + body)));
}

public sealed class WorkflowHttpOptions
{
    /// <summary>Allow requests to loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7) and link-local addresses.</summary>
    public bool AllowPrivateAddresses { get; set; }
}

/// <summary>One signing secret per organization for its workflows' HTTP requests, made on first use; shown to its administrators.</summary>
public sealed class WorkflowSigningSecrets(PartnerCmsDbContext db, TimeProvider clock)
{
    public async Task<string> SecretOfAsync(string organizationId, CancellationToken cancellationToken = default)
    {
        var existing = await db.Set<WorkflowSigningSecret>().ForOrganization(organizationId).Select(s => s.Secret).FirstOrDefaultAsync(cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        var secret = new WorkflowSigningSecret { OrganizationId = organizationId, Secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), CreatedUtc = clock.GetUtcNow().UtcDateTime };
        db.Add(secret);
        await db.SaveChangesAsync(cancellationToken);
        return secret.Secret;
    }

    /// <summary>A new secret; receivers must be given it.</summary>
    public async Task<string> RotateAsync(string organizationId, CancellationToken cancellationToken = default)
    {
        await db.Set<WorkflowSigningSecret>().ForOrganization(organizationId).ExecuteDeleteAsync(cancellationToken);
        return await SecretOfAsync(organizationId, cancellationToken);
    }
}

public sealed class WorkflowSigningSecret : IOrganizationScoped
{
    public string OrganizationId { get; set; } = string.Empty;

    public string Secret { get; set; } = string.Empty;

    public DateTime CreatedUtc { get; set; }
}

internal sealed class WorkflowSigningSecretConfiguration : IEntityTypeConfiguration<WorkflowSigningSecret>
{
    public void Configure(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<WorkflowSigningSecret> builder)
    {
        builder.ToTable("WorkflowSigningSecrets");
        builder.HasKey(s => s.OrganizationId);
        builder.Property(s => s.OrganizationId).HasMaxLength(64);
        builder.Property(s => s.Secret).HasMaxLength(128);
    }
}
