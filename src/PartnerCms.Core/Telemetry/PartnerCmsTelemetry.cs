using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace PartnerCms.Core.Telemetry;

/// <summary>
/// The portal's own traces and metrics: one <see cref="ActivitySource"/> and one <see cref="System.Diagnostics.Metrics.Meter"/>
/// named "PartnerCms", on which the framework and the modules create their instruments (offers created, viewed and
/// accepted; customer lookups; events published and failed; jobs run and failed). They cost nothing until something
/// listens: OpenTelemetry is switched on only when an OTLP endpoint is configured.
/// </summary>
public static class PartnerCmsTelemetry
{
    public const string Name = "PartnerCms";

    public static readonly ActivitySource ActivitySource = new(Name);

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> EventsPublished = Meter.CreateCounter<long>("partnercms.events.raised", description: "Domain events written to the outbox.");

    public static readonly Counter<long> EventsDispatched = Meter.CreateCounter<long>("partnercms.events.dispatched", description: "Outbox events every handler has run.");

    public static readonly Counter<long> EventsParked = Meter.CreateCounter<long>("partnercms.events.parked", description: "Outbox events given up after their last attempt (an operator may send them again).");

    public static readonly Counter<long> EventHandlersFailed = Meter.CreateCounter<long>("partnercms.events.handler_failures", description: "Event handler runs that threw (the event is tried again later).");

    public static readonly Counter<long> MailsSent = Meter.CreateCounter<long>("partnercms.mails.sent", description: "E-mails handed to the mail server or pickup folder.");

    public static readonly Counter<long> JobsRun = Meter.CreateCounter<long>("partnercms.jobs.runs", description: "Background job runs, tagged with the job and whether it succeeded.");

    /// <summary>
    /// Traces (ASP.NET Core, HttpClient, EF Core, the portal's source) and metrics (the same, the runtime, and the
    /// "PartnerCms" meter) exported over OTLP when Telemetry:OtlpEndpoint (or OTEL_EXPORTER_OTLP_ENDPOINT) is set; nothing
    /// is registered otherwise, so the embedded run stays quiet.
    /// </summary>
    public static void AddPartnerCmsTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var endpoint = configuration["Telemetry:OtlpEndpoint"] ?? configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return;
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var baseUri))
        {
            throw new InvalidOperationException($"Telemetry:OtlpEndpoint '{endpoint}' is not an absolute URL such as http://127.0.0.1:4318.");
        }

        var protocol = string.Equals(configuration["Telemetry:Protocol"], "grpc", StringComparison.OrdinalIgnoreCase) ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        var interval = configuration.GetValue("Telemetry:ExportIntervalMilliseconds", 30_000);
        Uri Signal(string path) => protocol == OtlpExportProtocol.Grpc ? baseUri : new Uri(baseUri, path);

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["Telemetry:ServiceName"] ?? "partnercms"))
            .WithTracing(tracing => tracing
                .AddSource(Name)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase))
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation()
                .AddOtlpExporter(o =>
                {
                    o.Protocol = protocol;
                    o.Endpoint = Signal("v1/traces");
                    o.BatchExportProcessorOptions.ScheduledDelayMilliseconds = Math.Min(interval, 5_000);
                }))
            .WithMetrics(metrics => metrics
                .AddMeter(Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddOtlpExporter((o, reader) =>
                {
                    o.Protocol = protocol;
                    o.Endpoint = Signal("v1/metrics");
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = interval;
                }));
    }
}
