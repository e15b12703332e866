using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using PartnerCms.Tests.Infrastructure;
using static PartnerCms.Tests.Infrastructure.OfferSteps;

namespace PartnerCms.Tests.Framework;

/// <summary>
/// The portal's meter counts what partners care about (offers created, viewed, accepted; lookups; events), and with an
/// OTLP endpoint configured traces and metrics really leave the process (a receiver on loopback gets them); without
/// one, no OpenTelemetry is registered at all.
/// </summary>
[Trait("Area", "Framework")]
public sealed class TelemetryTests
{
    [Fact]
    [Trait("Rule", "R11")]
    public async Task The_meter_counts_offers_created_viewed_and_accepted_lookups_and_events()
    {
        var seen = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "PartnerCms")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var key = instrument.Name + string.Concat(tags.ToArray().Select(t => $"|{t.Key}={t.Value}"));
            seen.AddOrUpdate(key, value, (_, old) => old + value);
        });
        listener.Start();

        await using var site = new PartnerCmsSite(TestDatabase.Sqlite);
        using var sales = await site.SignInAsync(DemoUsers.ContosoSales);
        var quoteId = await CreateOfferAsync(sales, "purchase", "US", await OfficeAsync(site, "contoso-partners", "RED-001"), [("INTUNE-P1", 7)]);
        var path = await LinkPathAsync(sales, quoteId);
        using var visitor = site.Anonymous();
        await visitor.GetPageAsync(path);
        var accepted = await SignUpAsync(visitor, path, NewDomain(), new() { ["INTUNE-P1"] = 7 });
        Assert.Equal(HttpStatusCode.OK, accepted.Status);
        await sales.GetPageAsync("/partner/lookup?q=fabrikam.example");
        await site.DeliverEventsAsync();

        Assert.True(seen.GetValueOrDefault("partnercms.offers.created|kind=PurchaseOffer") >= 1, string.Join(", ", seen.Keys));
        Assert.True(seen.GetValueOrDefault("partnercms.offers.viewed") >= 1);
        Assert.True(seen.GetValueOrDefault("partnercms.offers.accepted|signed_up=True|delegated_administration=False") >= 1, string.Join(", ", seen.Keys));
        Assert.True(seen.GetValueOrDefault("partnercms.offers.licences_accepted") >= 7);
        Assert.True(seen.GetValueOrDefault("partnercms.customers.lookups|outcome=Found") >= 1);
        // The setup recipe saves company information: its event is raised and delivered to the landing-page cache.
        Assert.True(seen.GetValueOrDefault("partnercms.events.raised|event=CompanyInformationChanged") >= 1, string.Join(", ", seen.Keys));
        Assert.True(seen.GetValueOrDefault("partnercms.events.dispatched|event=CompanyInformationChanged") >= 1, string.Join(", ", seen.Keys));
    }

    [Fact]
    public async Task With_an_otlp_endpoint_traces_and_metrics_are_exported_and_without_one_nothing_is_registered()
    {
        var received = new ConcurrentDictionary<string, int>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var receiver = builder.Build();
        receiver.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            if (body.Length > 0)
            {
                received.AddOrUpdate(signal, 1, (_, n) => n + 1);
            }

            return Results.Ok();
        });
        await receiver.StartAsync();
        var endpoint = receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        await using var exporting = new PartnerCmsSite(TestDatabase.Sqlite, new Dictionary<string, string?>
        {
            ["Telemetry:OtlpEndpoint"] = endpoint + "/",
            ["Telemetry:ExportIntervalMilliseconds"] = "500",
        });
        using var sales = await exporting.SignInAsync(DemoUsers.ContosoSales);
        for (var i = 0; i < 20 && !(received.ContainsKey("traces") && received.ContainsKey("metrics")); i++)
        {
            await sales.GetPageAsync("/partner/lookup?q=fabrikam.example");
            await Task.Delay(500);
        }

        Assert.True(received.ContainsKey("traces"), "No traces reached the OTLP endpoint.");
        Assert.True(received.ContainsKey("metrics"), "No metrics reached the OTLP endpoint.");

        await using var quiet = new PartnerCmsSite(TestDatabase.Sqlite);
        Assert.Null(quiet.Services.GetService<MeterProvider>());
        Assert.Null(quiet.Services.GetService<TracerProvider>());
    }
}
