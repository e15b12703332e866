using System.Diagnostics.Metrics;
using PartnerCms.Core.Telemetry;

namespace PartnerCms.Offers.Services;

/// <summary>The offers module's instruments on the portal's meter (R11's funnel, as a time series).</summary>
internal static class OffersMetrics
{
    public static readonly Counter<long> Created = PartnerCmsTelemetry.Meter.CreateCounter<long>("partnercms.offers.created", description: "Trial invitations and purchase offers created, by kind.");

    public static readonly Counter<long> Viewed = PartnerCmsTelemetry.Meter.CreateCounter<long>("partnercms.offers.viewed", description: "Offer landing pages opened.");

    public static readonly Counter<long> Accepted = PartnerCmsTelemetry.Meter.CreateCounter<long>("partnercms.offers.accepted", description: "Offers accepted, by whether the customer signed up and accepted delegated administration.");

    public static readonly Counter<long> LicencesAccepted = PartnerCmsTelemetry.Meter.CreateCounter<long>("partnercms.offers.licences_accepted", description: "User licences of the subscriptions customers accepted.");
}
