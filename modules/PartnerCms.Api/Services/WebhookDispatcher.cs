using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerCms.Api.Models;
using PartnerCms.Core.Accounts;
using PartnerCms.Core.Data;
using PartnerCms.Core.Notifications;
using PartnerCms.Core.Security;

namespace PartnerCms.Api.Services;

/// <summary>
/// Delivers webhooks on every node: each pass claims due deliveries (a claim is a conditional update, so one node
/// attempts each), posts them signed as the Standard Webhooks specification says, and records the answer. A failure is
/// retried after <see cref="WebhookOptions.FirstRetryDelay"/>, doubling, until <see cref="WebhookOptions.RetryFor"/> has
/// passed; an endpoint failing for <see cref="WebhookOptions.DisableAfter"/> is switched off and its administrators told.
/// </summary>
public sealed class WebhookDispatcher(IServiceScopeFactory scopes, IHttpClientFactory clients, WebhookSignal signal, IOptionsMonitor<WebhookOptions> options, TimeProvider clock, ILogger<WebhookDispatcher> logger)
    : BackgroundService
{
    public const string ClientName = "webhooks";
    private const string Reason = "the dispatcher delivers every organization's webhooks";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            if (options.CurrentValue.Dispatch)
            {
                try
                {
                    sent = await DispatchDueAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "A webhook dispatch pass failed; the next pass retries.");
                }
            }

            if (sent == 0)
            {
                try
                {
                    await signal.WaitAsync(options.CurrentValue.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One pass: claims and sends the due deliveries (at most a batch); how many were attempted.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var settings = options.CurrentValue;
        List<long> claimed = [];
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PartnerCmsDbContext>();
            var due = await db.Set<WebhookDelivery>().AcrossOrganizations(Reason).AsNoTracking()
                .Where(d => d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptUtc <= now && (d.ClaimedUntilUtc == null || d.ClaimedUntilUtc < now))
                .OrderBy(d => d.NextAttemptUtc).Select(d => d.Id).Take(settings.BatchSize).ToListAsync(cancellationToken);
            var until = now + settings.Timeout + TimeSpan.FromSeconds(30);
            foreach (var id in due)
            {
                var won = await db.Set<WebhookDelivery>().AcrossOrganizations(Reason)
                    .Where(d => d.Id == id && d.Status == WebhookDeliveryStatus.Pending && (d.ClaimedUntilUtc == null || d.ClaimedUntilUtc < now))
                    .ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimedUntilUtc, until), cancellationToken);
                if (won == 1)
                {
                    claimed.Add(id);
                }
            }
        }

        await Task.WhenAll(claimed.Select(id => SendAsync(id, cancellationToken)));
        return claimed.Count;
    }

    private async Task SendAsync(long deliveryId, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<PartnerCmsDbContext>();
        var delivery = await db.Set<WebhookDelivery>().AcrossOrganizations(Reason).FirstAsync(d => d.Id == deliveryId, cancellationToken);
        var endpoint = await db.Set<WebhookEndpoint>().AcrossOrganizations(Reason).FirstOrDefaultAsync(e => e.Id == delivery.EndpointId, cancellationToken);
        var settings = options.CurrentValue;
        var started = clock.GetUtcNow().UtcDateTime;
        delivery.ClaimedUntilUtc = null;
        if (endpoint is null || !endpoint.Enabled)
        {
            delivery.Status = WebhookDeliveryStatus.Failed;
            delivery.LastResponse = "Not sent: the endpoint is switched off.";
            await db.SaveChangesAsync(CancellationToken.None);
            return;
        }

        var stopwatch = Stopwatch.StartNew();
        int? status = null;
        string? answer;
        try
        {
            var secret = services.GetRequiredService<IDataProtectionProvider>().CreateProtector(WebhookService.ProtectorPurpose).Unprotect(endpoint.ProtectedSecret);
            using var request = Signed(endpoint.Url, delivery, secret, started);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(settings.Timeout);
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            status = (int)response.StatusCode;
            answer = await ReadStartAsync(response, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            answer = $"No answer within {settings.Timeout.TotalSeconds:0} seconds.";
        }
        catch (HttpRequestException ex)
        {
            answer = "Could not connect: " + ex.Message;
        }

        stopwatch.Stop();
        delivery.Attempts++;
        delivery.LastAttemptUtc = started;
        delivery.LastStatusCode = status;
        delivery.LastDurationMs = (int)stopwatch.ElapsedMilliseconds;
        delivery.LastResponse = answer;
        if (status is >= 200 and < 300)
        {
            delivery.Status = WebhookDeliveryStatus.Succeeded;
            endpoint.FailingSinceUtc = null;
        }
        else
        {
            var delay = settings.FirstRetryDelay * Math.Pow(2, Math.Min(delivery.Attempts - 1, 16));
            delivery.NextAttemptUtc = started + (delay > TimeSpan.FromHours(6) ? TimeSpan.FromHours(6) : delay);
            if (delivery.NextAttemptUtc - delivery.CreatedUtc > settings.RetryFor)
            {
                delivery.Status = WebhookDeliveryStatus.Failed;
            }

            endpoint.FailingSinceUtc ??= started;
            if (started - endpoint.FailingSinceUtc >= settings.DisableAfter)
            {
                endpoint.Enabled = false;
                endpoint.DisabledReason = $"Switched off on {started:yyyy-MM-dd HH:mm} UTC: every delivery failed for {settings.DisableAfter.TotalHours:0} hours.";
                await NotifyAdministratorsAsync(services, endpoint, cancellationToken);
                logger.LogWarning("Webhook endpoint {Endpoint} of {Organization} was switched off after failing since {Since}.", endpoint.Id, endpoint.OrganizationId, endpoint.FailingSinceUtc);
            }
        }

        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>The POST as Standard Webhooks signs it: v1 = base64 HMAC-SHA256 of "id.timestamp.body" with the secret's key.</summary>
    internal static HttpRequestMessage Signed(string url, WebhookDelivery delivery, string secret, DateTime nowUtc)
    {
        var timestamp = new DateTimeOffset(nowUtc, TimeSpan.Zero).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var key = Convert.FromBase64String(secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret["whsec_".Length..] : secret);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{delivery.MessageId}.{timestamp}.{delivery.Payload}")));
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", delivery.MessageId);
        request.Headers.Add("webhook-timestamp", timestamp);
        request.Headers.Add("webhook-signature", "v1," + signature);
        request.Headers.UserAgent.ParseAdd("PartnerCms-Webhooks/1.0");
        return request;
    }

    private static async Task<string> ReadStartAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[2048];
        var read = 0;
        while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), cancellationToken) is > 0 and var n)
        {
            read += n;
        }

        var text = Encoding.UTF8.GetString(buffer, 0, read);
        return new string(text.Select(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t' ? '?' : c).ToArray());
    }

    private static async Task NotifyAdministratorsAsync(IServiceProvider services, WebhookEndpoint endpoint, CancellationToken cancellationToken)
    {
        var users = services.GetRequiredService<UserManager<PartnerCmsUser>>();
        var administrators = (await users.GetUsersInRoleAsync(OrganizationRoles.PartnerGlobalAdministrator))
            .Concat(await users.GetUsersInRoleAsync(OrganizationRoles.CustomerGlobalAdministrator))
            .Where(u => u.OrganizationId == endpoint.OrganizationId).Select(u => u.Id).Distinct(StringComparer.Ordinal).ToList();
        foreach (var notifier in services.GetServices<IUserNotifications>())
        {
            notifier.Add(endpoint.OrganizationId, administrators, "A webhook endpoint was switched off",
                $"{endpoint.Url} failed every delivery for a day, so PartnerCms stopped sending to it. Fix the receiver, then switch it on again.",
                "/portal/webhooks/" + endpoint.Id, "webhooks:disabled");
        }
    }
}
