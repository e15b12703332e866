using Microsoft.EntityFrameworkCore;
using PartnerCms.Core.Data;
using PartnerCms.Offers.Models;
using PartnerCms.Partners.Models;

namespace PartnerCms.Offers.Services;

public sealed class DashboardFilter
{
    public string? QuoteId { get; set; }

    public OfferStatus? Status { get; set; }

    public OfferKind? Kind { get; set; }

    public string? OfficeId { get; set; }

    public string? CreatedBy { get; set; }

    /// <summary>First day of the period (UTC), inclusive; the chart and the counts cover the period.</summary>
    public DateOnly? From { get; set; }

    /// <summary>Last day of the period (UTC), inclusive.</summary>
    public DateOnly? To { get; set; }
}

public sealed record OfferRow(
    string OfferId, string QuoteId, OfferKind Kind, OfferStatus Status, string OfficeId, string OfficeName, string CreatedBy, DateTime CreatedUtc,
    DateTime? ExpiresUtc, int Views, int SignUps, int Acceptances, int Licences, int DelegatedAdministrationAccepted);

public sealed record GroupRow(string Key, string Name, int Offers, int Views, int SignUps, int Acceptances, int Licences);

public sealed record DayRow(DateOnly Day, int Views, int Acceptances);

public sealed record CommerceDashboard(
    DateOnly From, DateOnly To, IReadOnlyList<OfferRow> Offers, IReadOnlyList<GroupRow> ByOffice, IReadOnlyList<GroupRow> ByUser, IReadOnlyList<DayRow> Days,
    IReadOnlyList<(string Id, string Name)> Offices, IReadOnlyList<string> Creators)
{
    public int Views => Offers.Sum(o => o.Views);

    public int SignUps => Offers.Sum(o => o.SignUps);

    public int Acceptances => Offers.Sum(o => o.Acceptances);

    public int Licences => Offers.Sum(o => o.Licences);
}

/// <summary>
/// The seed's Partner Commerce Dashboard (R11): the partner's offers by Quote ID with their funnel (views, sign-ups,
/// acceptances, licences) over a period, by office and by user, day by day. Reads only the caller's organization.
/// </summary>
public sealed class CommerceDashboardService(PartnerCmsDbContext db, OfferViewCounter views, TimeProvider clock)
{
    public const int MaxDays = 366;

    public async Task<CommerceDashboard> GetAsync(string organizationId, DashboardFilter filter, CancellationToken cancellationToken = default)
    {
        await views.FlushAsync(cancellationToken);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var to = filter.To is { } t && t <= today ? t : today;
        var from = filter.From is { } f && f <= to ? f : to.AddDays(-29);
        if (to.DayNumber - from.DayNumber >= MaxDays)
        {
            from = to.AddDays(-(MaxDays - 1));
        }

        var fromUtc = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var toUtc = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

        var query = db.Set<OfferIndex>().Where(i => i.OrganizationId == organizationId);
        if (!string.IsNullOrWhiteSpace(filter.QuoteId))
        {
            var quoteId = QuoteIds.Normalize(filter.QuoteId) ?? "(none)";
            query = query.Where(i => i.QuoteId == quoteId);
        }

        if (filter.Kind is { } kind)
        {
            query = query.Where(i => i.Kind == kind);
        }

        if (!string.IsNullOrWhiteSpace(filter.OfficeId))
        {
            query = query.Where(i => i.OfficeId == filter.OfficeId);
        }

        if (!string.IsNullOrWhiteSpace(filter.CreatedBy))
        {
            query = query.Where(i => i.CreatedBy == filter.CreatedBy);
        }

        var index = await query.AsNoTracking().OrderByDescending(i => i.CreatedUtc).Take(1000).ToListAsync(cancellationToken);
        var ids = index.Select(i => i.ContentItemId).ToList();

        var viewRows = await db.Set<OfferDailyViews>().AsNoTracking()
            .Where(v => v.OrganizationId == organizationId && ids.Contains(v.OfferId) && v.Day >= from && v.Day <= to)
            .Select(v => new { v.OfferId, v.Day, v.Views }).ToListAsync(cancellationToken);
        var acceptanceRows = await db.Set<OfferAcceptance>().AsNoTracking()
            .Where(a => a.OrganizationId == organizationId && ids.Contains(a.OfferId) && a.AcceptedUtc >= fromUtc && a.AcceptedUtc < toUtc)
            .Select(a => new { a.OfferId, a.AcceptedUtc, a.SignedUp, a.Licences, a.DelegatedAdministrationAccepted }).ToListAsync(cancellationToken);
        var officeNames = await db.Set<OfficeIndex>().AsNoTracking().Where(o => o.OrganizationId == organizationId)
            .OrderBy(o => o.Name).Select(o => new { o.ContentItemId, o.Name, o.LocationId }).ToListAsync(cancellationToken);
        var officeName = officeNames.ToDictionary(o => o.ContentItemId, o => $"{o.Name} ({o.LocationId})");

        var now = clock.GetUtcNow().UtcDateTime;
        var rows = index.Select(i =>
        {
            var offerViews = viewRows.Where(v => v.OfferId == i.ContentItemId).ToList();
            var accepted = acceptanceRows.Where(a => a.OfferId == i.ContentItemId).ToList();
            var status = i.Status == OfferStatus.Active && i.ExpiresUtc is { } expires && expires <= now ? OfferStatus.Expired : i.Status;
            return new OfferRow(i.ContentItemId, i.QuoteId, i.Kind, status, i.OfficeId, officeName.GetValueOrDefault(i.OfficeId, "(removed office)"), i.CreatedBy, i.CreatedUtc,
                i.ExpiresUtc, offerViews.Sum(v => v.Views), accepted.Count(a => a.SignedUp), accepted.Count, accepted.Sum(a => a.Licences), accepted.Count(a => a.DelegatedAdministrationAccepted));
        }).Where(r => filter.Status is null || r.Status == filter.Status).ToList();

        var shown = rows.Select(r => r.OfferId).ToHashSet(StringComparer.Ordinal);
        var days = Enumerable.Range(0, to.DayNumber - from.DayNumber + 1).Select(from.AddDays)
            .Select(d => new DayRow(
                d,
                viewRows.Where(v => v.Day == d && shown.Contains(v.OfferId)).Sum(v => v.Views),
                acceptanceRows.Count(a => DateOnly.FromDateTime(a.AcceptedUtc) == d && shown.Contains(a.OfferId))))
            .ToList();

        return new CommerceDashboard(
            from, to, rows,
            Group(rows, r => r.OfficeId, r => r.OfficeName),
            Group(rows, r => r.CreatedBy, r => r.CreatedBy),
            days,
            officeNames.Select(o => (o.ContentItemId, $"{o.Name} ({o.LocationId})")).ToList(),
            await db.Set<OfferIndex>().AsNoTracking().Where(i => i.OrganizationId == organizationId).Select(i => i.CreatedBy).Distinct().OrderBy(c => c).ToListAsync(cancellationToken));
    }

    private static List<GroupRow> Group(IEnumerable<OfferRow> rows, Func<OfferRow, string> key, Func<OfferRow, string> name) =>
        rows.GroupBy(key).Select(g => new GroupRow(g.Key, name(g.First()), g.Count(), g.Sum(r => r.Views), g.Sum(r => r.SignUps), g.Sum(r => r.Acceptances), g.Sum(r => r.Licences)))
            .OrderByDescending(g => g.Licences).ThenBy(g => g.Name, StringComparer.Ordinal).ToList();
}
