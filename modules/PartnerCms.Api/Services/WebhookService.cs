using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerCms.Api.Abstractions;
using PartnerCms.Api.Models;
using PartnerCms.Core.Audit;
using PartnerCms.Core.Data;
using PartnerCms.Core.Net;

namespace PartnerCms.Api.Services;

public sealed record WebhookEndpointCreated(bool Succeeded, IReadOnlyDictionary<string, string> Errors, WebhookEndpoint? Endpoint = null, string? Secret = null);

/// <summary>
/// An organization's webhook endpoints (its global administrator's, on the Webhooks page or through the API) and the
/// deliveries events turn into. Every change is audited; URLs must be https (unless the operator allows http) and public
/// (checked again at every connection).
/// </summary>
public sealed class WebhookService(
    PartnerCmsDbContext db, IDataProtectionProvider protection, WebhookAddressGuard guard, WebhookSignal signal, AuditTrail audit, IOptionsMonitor<WebhookOptions> options,
    TimeProvider clock, ILogger<WebhookService> logger) : IWebhookPublisher
{
    internal const string ProtectorPurpose = "PartnerCms.Webhooks.Secret";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<List<WebhookEndpoint>> ListAsync(string organizationId, CancellationToken cancellationToken = default) =>
        db.Set<WebhookEndpoint>().AsNoTracking().ForOrganization(organizationId).OrderBy(e => e.CreatedUtc).ToListAsync(cancellationToken);

    public Task<WebhookEndpoint?> GetAsync(string organizationId, string id, CancellationToken cancellationToken = default) =>
        db.Set<WebhookEndpoint>().ForOrganization(organizationId).FirstOrDefaultAsync(e => e.Id == id, cancellationToken);

    public Task<List<WebhookDelivery>> DeliveriesAsync(string organizationId, string endpointId, int take = 50, CancellationToken cancellationToken = default) =>
        db.Set<WebhookDelivery>().AsNoTracking().ForOrganization(organizationId).Where(d => d.EndpointId == endpointId).OrderByDescending(d => d.Id).Take(take).ToListAsync(cancellationToken);

    public async Task<WebhookEndpointCreated> CreateAsync(
        string organizationId, string? url, IReadOnlyCollection<string>? eventTypes, string? description, string actor, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        url = url?.Trim();
        if (guard.Guard.CheckUrl(url) is { } problem)
        {
            errors["url"] = "The URL is not allowed: " + problem;
        }
        else if (!url!.StartsWith("https://", StringComparison.OrdinalIgnoreCase) && !options.CurrentValue.AllowHttp)
        {
            errors["url"] = "Use an https:// URL: events carry your customers' data.";
        }

        var types = (eventTypes ?? []).Select(t => t?.Trim() ?? string.Empty).Distinct(StringComparer.Ordinal).ToList();
        if (types.Count == 0)
        {
            errors["eventTypes"] = "Choose at least one event.";
        }
        else if (types.FirstOrDefault(t => !WebhookEventTypes.All.Contains(t, StringComparer.Ordinal)) is { } unknown)
        {
            errors["eventTypes"] = $"'{(unknown.Length > 40 ? unknown[..40] : unknown)}' is not an event; see GET /api/v1/webhooks/event-types.";
        }

        description = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
        if (description is { Length: > 200 } || description?.Any(char.IsControl) == true)
        {
            errors["description"] = "A description has at most 200 characters on one line.";
        }

        if (errors.Count == 0 && await db.Set<WebhookEndpoint>().ForOrganization(organizationId).CountAsync(cancellationToken) >= options.CurrentValue.MaxEndpointsPerOrganization)
        {
            errors["url"] = $"Your organization has {options.CurrentValue.MaxEndpointsPerOrganization} endpoints, the most it may have; delete one first.";
        }

        if (errors.Count > 0)
        {
            return new(false, errors);
        }

        var secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        var endpoint = new WebhookEndpoint
        {
            Id = "we_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10)),
            OrganizationId = organizationId,
            Url = url!,
            EventTypes = string.Join(' ', WebhookEventTypes.All.Where(types.Contains)),
            ProtectedSecret = Protector.Protect(secret),
            Description = description,
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
            CreatedBy = actor,
        };
        db.Add(endpoint);
        var (partnerSide, customerSide) = await SidesAsync(organizationId, cancellationToken);
        audit.Record("webhook.created", $"{endpoint.Url} ({endpoint.Id}): {endpoint.EventTypes}", partnerSide, customerSide, actorUserName: actor);
        await db.SaveChangesAsync(cancellationToken);
        return new(true, new Dictionary<string, string>(StringComparer.Ordinal), endpoint, secret);
    }

    public async Task<bool> DeleteAsync(string organizationId, string id, string actor, CancellationToken cancellationToken = default)
    {
        if (await GetAsync(organizationId, id, cancellationToken) is not { } endpoint)
        {
            return false;
        }

        await db.Set<WebhookDelivery>().ForOrganization(organizationId).Where(d => d.EndpointId == id).ExecuteDeleteAsync(cancellationToken);
        db.Remove(endpoint);
        var (partnerSide, customerSide) = await SidesAsync(organizationId, cancellationToken);
        audit.Record("webhook.deleted", $"{endpoint.Url} ({endpoint.Id})", partnerSide, customerSide, actorUserName: actor);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Switches an endpoint on (again: its failure count starts over) or off.</summary>
    public async Task<bool> SetEnabledAsync(string organizationId, string id, bool enabled, string actor, CancellationToken cancellationToken = default)
    {
        if (await GetAsync(organizationId, id, cancellationToken) is not { } endpoint)
        {
            return false;
        }

        endpoint.Enabled = enabled;
        endpoint.DisabledReason = null;
        endpoint.FailingSinceUtc = null;
        var (partnerSide, customerSide) = await SidesAsync(organizationId, cancellationToken);
        audit.Record(enabled ? "webhook.enabled" : "webhook.disabled", $"{endpoint.Url} ({endpoint.Id})", partnerSide, customerSide, actorUserName: actor);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Sends a delivery again now (same webhook-id, so the receiver can tell it is the same event); its retry time starts over.</summary>
    public async Task<bool> ResendAsync(string organizationId, string endpointId, long deliveryId, CancellationToken cancellationToken = default)
    {
        var delivery = await db.Set<WebhookDelivery>().ForOrganization(organizationId).FirstOrDefaultAsync(d => d.Id == deliveryId && d.EndpointId == endpointId, cancellationToken);
        if (delivery is null)
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        delivery.Status = WebhookDeliveryStatus.Pending;
        delivery.CreatedUtc = now;
        delivery.NextAttemptUtc = now;
        delivery.ClaimedUntilUtc = null;
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
        return true;
    }

    /// <summary>Queues a <c>webhook.test</c> event for the endpoint (whatever it subscribes to).</summary>
    public async Task<bool> SendTestAsync(string organizationId, string endpointId, CancellationToken cancellationToken = default)
    {
        if (await GetAsync(organizationId, endpointId, cancellationToken) is not { } endpoint)
        {
            return false;
        }

        if (await QuotaLeftAsync(organizationId, cancellationToken) <= 0)
        {
            return false;
        }

        db.Add(NewDelivery(endpoint, WebhookEventTypes.Test, new { message = "A test event from PartnerCms: your endpoint receives and verifies our webhooks." }));
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
        return true;
    }

    public async Task PublishAsync(string eventType, IEnumerable<string?> organizationIds, object data, CancellationToken cancellationToken)
    {
        var ids = organizationIds.Where(i => !string.IsNullOrEmpty(i)).Select(i => i!).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return;
        }

        var endpoints = await db.Set<WebhookEndpoint>().AsNoTracking().AcrossOrganizations("an event goes to the endpoints of every organization it concerns")
            .Where(e => ids.Contains(e.OrganizationId) && e.Enabled && e.EventTypes.Contains(eventType)).ToListAsync(cancellationToken);
        var added = 0;
        foreach (var endpoint in endpoints.Where(e => e.EventTypeList.Contains(eventType, StringComparer.Ordinal)))
        {
            var delivery = NewDelivery(endpoint, eventType, data);
            if (await QuotaLeftAsync(endpoint.OrganizationId, cancellationToken) <= added)
            {
                delivery.Status = WebhookDeliveryStatus.Failed;
                delivery.LastResponse = $"Not sent: the organization's webhook quota ({options.CurrentValue.DeliveriesPerHour} an hour) was reached.";
                logger.LogWarning("Webhook quota of {Organization} reached; {EventType} not sent to {Endpoint}.", endpoint.OrganizationId, eventType, endpoint.Id);
            }
            else
            {
                added++;
            }

            db.Add(delivery);
        }

        if (endpoints.Count > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
            signal.Notify();
        }
    }

    /// <summary>Which side of the audit trail an organization's own change goes on: its partner column or its customer column.</summary>
    private async Task<(string? Partner, string? Customer)> SidesAsync(string organizationId, CancellationToken cancellationToken)
    {
        var kind = await db.Organizations.AsNoTracking().AcrossOrganizations("the kind of the caller's own organization")
            .Where(o => o.Id == organizationId).Select(o => o.Kind).FirstOrDefaultAsync(cancellationToken);
        return kind == Core.Organizations.OrganizationKind.Customer ? (null, organizationId) : (organizationId, null);
    }

    internal IDataProtector Protector => protection.CreateProtector(ProtectorPurpose);

    private async Task<int> QuotaLeftAsync(string organizationId, CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow().UtcDateTime.AddHours(-1);
        var used = await db.Set<WebhookDelivery>().AsNoTracking().ForOrganization(organizationId).CountAsync(d => d.CreatedUtc > since, cancellationToken);
        return options.CurrentValue.DeliveriesPerHour - used;
    }

    private WebhookDelivery NewDelivery(WebhookEndpoint endpoint, string eventType, object data)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var messageId = "msg_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        return new WebhookDelivery
        {
            OrganizationId = endpoint.OrganizationId,
            EndpointId = endpoint.Id,
            MessageId = messageId,
            EventType = eventType,
            Payload = JsonSerializer.Serialize(new { id = messageId, type = eventType, timestamp = now.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture), data }, Json),
            Status = WebhookDeliveryStatus.Pending,
            CreatedUtc = now,
            NextAttemptUtc = now,
        };
    }
}

/// <summary>Wakes this node's webhook dispatcher when deliveries were added.</summary>
public sealed class WebhookSignal : Core.Events.WakeSignal;

/// <summary>The address guard of webhooks, with their own operator switch (<c>Webhooks:AllowPrivateAddresses</c>).</summary>
public sealed class WebhookAddressGuard(IOptionsMonitor<WebhookOptions> options, IHostAddressResolver resolver)
{
    public OutboundAddressGuard Guard { get; } = new(() => options.CurrentValue.AllowPrivateAddresses, resolver);
}
