using System.Globalization;
using PartnerCms.Core.Export;

namespace PartnerCms.Offers.Services;

/// <summary>The commerce dashboard's CSV: one row per offer, through the framework's <see cref="CsvExport"/> (formula-safe).</summary>
public static class CommerceCsv
{
    private static readonly string[] Header =
        ["Quote ID", "Kind", "Status", "Office", "Created by", "Created (UTC)", "Expires (UTC)", "Views", "Sign-ups", "Acceptances", "Licences", "Delegated administration accepted"];

    public static byte[] Write(IEnumerable<OfferRow> rows) => CsvExport.Write(Header, rows.Select(row => new[]
    {
        row.QuoteId,
        row.Kind.ToString(),
        row.Status.ToString(),
        row.OfficeName,
        row.CreatedBy,
        row.CreatedUtc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        row.ExpiresUtc?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty,
        row.Views.ToString(CultureInfo.InvariantCulture),
        row.SignUps.ToString(CultureInfo.InvariantCulture),
        row.Acceptances.ToString(CultureInfo.InvariantCulture),
        row.Licences.ToString(CultureInfo.InvariantCulture),
        row.DelegatedAdministrationAccepted.ToString(CultureInfo.InvariantCulture),
    }));
}
