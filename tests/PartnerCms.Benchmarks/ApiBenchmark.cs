using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PartnerCms.Api.Abstractions;
using PartnerCms.Api.Models;
using PartnerCms.Api.Services;
using PartnerCms.Core.Data;
using PartnerCms.Core.Organizations;
using PartnerCms.Offers.Models;
using PartnerCms.Offers.Services;
using PartnerCms.Partners.Models;

namespace PartnerCms.Benchmarks;

/// <summary>
/// The public API at scale, on SQLite behind the real portal, as the demo CRM client: offers created per second through
/// <c>POST /api/v1/offers</c> and through the wizard's <see cref="OfferService"/> in the same run; <c>GET /api/v1/offers</c>
/// with 100,000 offers (first page, a filter, a deep cursor, walking every page); webhook deliveries per second to a
/// receiver on loopback. dotnet run -c Release --project tests/PartnerCms.Benchmarks -- api [offers] [creations] [deliveries] [requests]
/// </summary>
public static class ApiBenchmark
{
    private const string Partner = "contoso-partners";

    public static async Task RunAsync(string[] args)
    {
        var offers = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
        var creations = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000;
        var deliveries = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 5_000;
        var requests = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 300;

        var folder = Path.Combine(Path.GetTempPath(), "partnercms-bench-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(folder);
        var database = Path.Combine(folder, "bench.db");
        // The benchmark measures throughput, not the quotas that protect a real site.
        var (app, address) = await BenchPortal.StartAsync(database, new Dictionary<string, string?>
        {
            ["Mail:PickupFolder"] = Path.Combine(folder, "mail"),
            ["Api:RequestsPerMinute"] = "10000000",
            ["Api:TokenRequestsPerMinute"] = "10000",
            ["Webhooks:AllowHttp"] = "true",
            ["Webhooks:AllowPrivateAddresses"] = "true",
            ["Webhooks:DeliveriesPerHour"] = "10000000",
        });

        using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(5) };
        await AuthorizeAsync(http);
        var office = await SystemAsync(app.Services, sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<OfficeIndex>()
            .Where(o => o.OrganizationId == Partner && o.LocationId == "RED-001").Select(o => o.ContentItemId).SingleAsync());

        // 1. Offers created per second: the API (HTTP, token, scope, idempotency key, JSON) against the service the
        // wizard calls, alternating rounds in the same process so both see the same machine and database size.
        Console.WriteLine($"Creating {creations:N0} purchase offers by API and {creations:N0} by the wizard's service ...");
        var apiCreations = new List<double>();
        var serviceCreations = new List<double>();
        await CreateByApiAsync(http, office, 20);
        await CreateByServiceAsync(app.Services, office, 20);
        for (var round = 0; round < 3; round++)
        {
            apiCreations.Add(await CreateByApiAsync(http, office, creations / 3));
            serviceCreations.Add(await CreateByServiceAsync(app.Services, office, creations / 3));
        }

        // 2. GET /api/v1/offers with many offers: clones of an offer made above, as content items and index rows.
        Console.WriteLine($"Seeding {offers:N0} offers ...");
        var seed = Stopwatch.StartNew();
        var existing = await SystemAsync(app.Services, sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<OfferIndex>().CountAsync());
        Seed(database, Math.Max(0, offers - existing));
        Console.WriteLine($"Seeded in {seed.Elapsed.TotalSeconds:N0} s.");
        await AuthorizeAsync(http);
        var page = await GetJsonAsync(http, "/api/v1/offers?limit=200");
        var cursor = page.GetProperty("nextCursor").GetString()!;
        for (var i = 0; i < offers / 200 / 2 - 1; i++)
        {
            cursor = (await GetJsonAsync(http, $"/api/v1/offers?limit=200&cursor={Uri.EscapeDataString(cursor)}")).GetProperty("nextCursor").GetString()!;
        }

        var rows = new List<string>
        {
            await CommerceBenchmark.MeasureAsync(http, "GET /api/v1/offers (first page, 50)", "/api/v1/offers", requests),
            await CommerceBenchmark.MeasureAsync(http, "GET /api/v1/offers?limit=200", "/api/v1/offers?limit=200", requests),
            await CommerceBenchmark.MeasureAsync(http, "GET /api/v1/offers?kind=trial&status=active", "/api/v1/offers?kind=trial&status=active", requests),
            await CommerceBenchmark.MeasureAsync(http, $"GET /api/v1/offers?cursor=… (offer {offers / 2:N0} onwards, 50)", "/api/v1/offers?cursor=" + Uri.EscapeDataString(cursor), requests),
        };
        var walk = Stopwatch.StartNew();
        var walked = 0;
        string? next = null;
        do
        {
            var json = await GetJsonAsync(http, "/api/v1/offers?limit=200" + (next is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(next)));
            walked += json.GetProperty("items").GetArrayLength();
            next = json.TryGetProperty("nextCursor", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
        }
        while (next is not null);
        walk.Stop();
        if (walked < offers)
        {
            throw new InvalidOperationException($"Walking the pages gave {walked:N0} offers, not {offers:N0}: the benchmark would not measure the right work.");
        }

        // 3. Webhook deliveries per second: a receiver on loopback, an endpoint registered through the API, events queued
        // as the event handlers queue them, then the time until the receiver has every one.
        var rate = await DeliverAsync(app, http, deliveries);

        Console.WriteLine();
        Console.WriteLine("| offers created | per second (median of 3 rounds) |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| POST /api/v1/offers (one connection, Idempotency-Key) | {Median(apiCreations):N0} |");
        Console.WriteLine($"| OfferService.CreateAsync (the wizard's service, in process) | {Median(serviceCreations):N0} |");
        Console.WriteLine($"| API ÷ service | {Median(apiCreations) / Median(serviceCreations):N2} |");
        Console.WriteLine();
        Console.WriteLine($"| request ({walked:N0} offers) | requests | p50 (ms) | p99 (ms) | max (ms) |");
        Console.WriteLine("|---|---|---|---|---|");
        rows.ForEach(Console.WriteLine);
        Console.WriteLine($"| every page of 200 ({walked / 200 + 1:N0} requests) | 1 | {walk.Elapsed.TotalMilliseconds:N0} (all) | | |");
        Console.WriteLine();
        Console.WriteLine($"| webhook deliveries | {deliveries:N0} |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| delivered per second (signed POST, answer recorded) | {rate:N0} |");

        await app.StopAsync();
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(folder, recursive: true);
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static async Task AuthorizeAsync(HttpClient http)
    {
        using var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "pcms_democrm",
            ["client_secret"] = "Demo-CRM-secret-2026-not-for-production",
            ["scope"] = "offers.read offers.write webhooks.manage",
        }));
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<double> CreateByApiAsync(HttpClient http, string office, int count)
    {
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/offers")
            {
                Content = JsonContent.Create(new { kind = "purchase", officeId = office, usageLocation = "US", lines = new[] { new { sku = "INTUNE-P1", licences = 10 } } }),
            };
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
            using var response = await http.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"POST /api/v1/offers: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        return count / stopwatch.Elapsed.TotalSeconds;
    }

    private static async Task<double> CreateByServiceAsync(IServiceProvider services, string office, int count)
    {
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await using var scope = services.CreateAsyncScope();
            using var organization = scope.ServiceProvider.GetRequiredService<ICurrentOrganization>().RunAs(Partner);
            var result = await scope.ServiceProvider.GetRequiredService<OfferService>().CreateAsync(Partner, new OfferInput
            {
                Kind = OfferKind.PurchaseOffer,
                OfficeId = office,
                UsageLocation = "US",
                Lines = [new OfferLineInput { SkuCode = "INTUNE-P1", Licences = 10 }],
            }, "sales@contosopartners.example");
            if (!result.Succeeded)
            {
                throw new InvalidOperationException("OfferService.CreateAsync: " + string.Join("; ", result.Errors.Values));
            }
        }

        return count / stopwatch.Elapsed.TotalSeconds;
    }

    private static async Task<double> DeliverAsync(WebApplication portal, HttpClient http, int count)
    {
        var received = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var receiverBuilder = WebApplication.CreateSlimBuilder();
        receiverBuilder.Logging.ClearProviders();
        receiverBuilder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var receiver = receiverBuilder.Build();
        receiver.MapPost("/hooks", (HttpRequest request) =>
        {
            if (received.TryAdd(request.Headers["webhook-id"].ToString(), 0) && received.Count >= count)
            {
                all.TrySetResult();
            }

            return Results.NoContent();
        });
        await receiver.StartAsync();
        var url = receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hooks";

        await AuthorizeAsync(http);
        using var created = await http.PostAsJsonAsync("/api/v1/webhooks", new { url, eventTypes = new[] { "offer.created" }, description = "Benchmark receiver" });
        if (created.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"POST /api/v1/webhooks: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        }

        // Queue every delivery first (paused), then let the dispatcher go: the rate is of delivering, not of queueing.
        await SystemAsync(portal.Services, async sp =>
        {
            var db = sp.GetRequiredService<PartnerCmsDbContext>();
            var publisher = sp.GetRequiredService<IWebhookPublisher>();
            for (var i = 0; i < count; i++)
            {
                await publisher.PublishAsync(WebhookEventTypes.OfferCreated, [Partner], new { quoteId = $"Q-HOOK{i:D6}", kind = "purchase" }, CancellationToken.None);
                if (i % 500 == 499 || i == count - 1)
                {
                    await db.SaveChangesAsync();
                }
            }

            return 0;
        }, hold: true);
        var stopwatch = Stopwatch.StartNew();
        await SystemAsync(portal.Services, sp => sp.GetRequiredService<PartnerCmsDbContext>().Set<WebhookDelivery>()
            .AcrossOrganizations("the benchmark releases its deliveries").Where(d => d.Status == WebhookDeliveryStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptUtc, DateTime.UtcNow.AddSeconds(-1))));
        portal.Services.GetRequiredService<WebhookSignal>().Notify();
        if (await Task.WhenAny(all.Task, Task.Delay(TimeSpan.FromMinutes(10))) != all.Task)
        {
            throw new InvalidOperationException($"Only {received.Count:N0} of {count:N0} webhook deliveries arrived.");
        }

        stopwatch.Stop();
        await receiver.StopAsync();
        return count / stopwatch.Elapsed.TotalSeconds;
    }

    private static async Task<T> SystemAsync<T>(IServiceProvider services, Func<IServiceProvider, Task<T>> work, bool hold = false)
    {
        await using var scope = services.CreateAsyncScope();
        using var system = scope.ServiceProvider.GetRequiredService<ICurrentOrganization>().RunAsSystem();
        if (hold)
        {
            // Deliveries queued now are due far in the future until the benchmark releases them together.
            var db = scope.ServiceProvider.GetRequiredService<PartnerCmsDbContext>();
            db.SavingChanges += (_, _) =>
            {
                foreach (var entry in db.ChangeTracker.Entries<WebhookDelivery>().Where(e => e.State == EntityState.Added))
                {
                    entry.Entity.NextAttemptUtc = DateTime.UtcNow.AddYears(1);
                }
            };
        }

        return await work(scope.ServiceProvider);
    }

    private static void Seed(string database, int count)
    {
        using var connection = new SqliteConnection($"Data Source={database}");
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;";
            pragma.ExecuteNonQuery();
        }

        string template, templateQuote, office;
        using (var find = connection.CreateCommand())
        {
            find.CommandText = """
                SELECT c.Content, i.QuoteId, i.OfficeId FROM OfferIndex i JOIN ContentItems c ON c.ContentItemId = i.ContentItemId AND c.Latest = 1
                WHERE i.OrganizationId = 'contoso-partners' AND i.Kind = 'PurchaseOffer' ORDER BY i.Id DESC LIMIT 1
                """;
            using var reader = find.ExecuteReader();
            reader.Read();
            (template, templateQuote, office) = (reader.GetString(0), reader.GetString(1), reader.GetString(2));
        }

        using var transaction = connection.BeginTransaction();
        var item = connection.CreateCommand();
        item.Transaction = transaction;
        item.CommandText = """
            INSERT INTO ContentItems (ContentItemId, ContentItemVersionId, ContentType, Version, Latest, Published, DisplayText, OrganizationId, OwnerId, Author, CreatedUtc, ModifiedUtc, PublishedUtc, Content, Revision)
            VALUES ($id, $version, 'Offer', 1, 1, 1, $quote, 'contoso-partners', 'sales@contosopartners.example', 'sales@contosopartners.example', $created, $created, $created, $content, 0)
            """;
        var itemId = item.Parameters.Add("$id", SqliteType.Text);
        var versionId = item.Parameters.Add("$version", SqliteType.Text);
        var itemQuote = item.Parameters.Add("$quote", SqliteType.Text);
        var itemCreated = item.Parameters.Add("$created", SqliteType.Text);
        var content = item.Parameters.Add("$content", SqliteType.Text);
        var offer = connection.CreateCommand();
        offer.Transaction = transaction;
        offer.CommandText = """
            INSERT INTO OfferIndex (ContentItemId, OrganizationId, Published, QuoteId, Kind, Status, OfficeId, CreatedBy, ExpiresUtc, CreatedUtc)
            VALUES ($id, 'contoso-partners', 1, $quote, $kind, 'Active', $office, 'sales@contosopartners.example', NULL, $created)
            """;
        var offerId = offer.Parameters.Add("$id", SqliteType.Text);
        var quote = offer.Parameters.Add("$quote", SqliteType.Text);
        var kind = offer.Parameters.Add("$kind", SqliteType.Text);
        offer.Parameters.AddWithValue("$office", office);
        var created = offer.Parameters.Add("$created", SqliteType.Text);

        var now = DateTime.UtcNow.AddDays(-1);
        for (var i = 0; i < count; i++)
        {
            var id = $"APIBENCH{i:D12}".PadRight(26, '0');
            var quoteId = $"Q-A{i:D7}";
            var when = now.AddSeconds(-i * 30).ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture);
            itemId.Value = offerId.Value = id;
            versionId.Value = $"APIBENCHV{i:D12}".PadRight(26, '0');
            itemQuote.Value = quote.Value = quoteId;
            itemCreated.Value = created.Value = when;
            var isTrial = i % 3 == 0;
            kind.Value = isTrial ? "TrialInvitation" : "PurchaseOffer";
            content.Value = template.Replace($"\"quoteId\":\"{templateQuote}\"", $"\"quoteId\":\"{quoteId}\"", StringComparison.Ordinal)
                .Replace("\"kind\":1,", isTrial ? "\"kind\":0," : "\"kind\":1,", StringComparison.Ordinal);
            item.ExecuteNonQuery();
            offer.ExecuteNonQuery();
        }

        transaction.Commit();
    }
}
