using System.Diagnostics.Metrics;
using PartnerCms.Core.Telemetry;

namespace PartnerCms.Customers.Services;

/// <summary>The customers module's instruments on the portal's meter.</summary>
internal static class CustomersMetrics
{
    public static readonly Counter<long> Lookups = PartnerCmsTelemetry.Meter.CreateCounter<long>("partnercms.customers.lookups", description: "Customer lookups (R2), by outcome.");
}
