using Microsoft.EntityFrameworkCore;
using PartnerCms.Core.Data;
using PartnerCms.Offers.Models;
using PartnerCms.Partners.Services;

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

public sealed record CommerceTotals(int Views, int SignUps, int Acceptances, int Licences);

public sealed record CommerceDashboard(
    DateOnly From, DateOnly To, IReadOnlyList<OfferRow> Offers, int TotalOffers, int Page, int PageSize, CommerceTotals Totals,
    IReadOnlyList<GroupRow> ByOffice, IReadOnlyList<GroupRow> ByUser, IReadOnlyList<DayRow> Days,
    IReadOnlyList<(string Id, string Name)> Offices, IReadOnlyList<string> Creators)
{
    public int PageCount => Math.Max(1, (TotalOffers + PageSize - 1) / PageSize);

    public int Views => Totals.Views;

    public int SignUps => Totals.SignUps;

    public int Acceptances => Totals.Acceptances;

    public int Licences => Totals.Licences;
}

/// <summary>
/// The seed's Partner Commerce Dashboard (R11): the partner's offers by Quote ID with their funnel (views, sign-ups,
/// acceptances, licences) over a period, by office and by user, day by day. Reads only the caller's organization.
/// Every figure is aggregated by the database; the offers are listed a page at a time, so a partner with a hundred
/// thousand offers gets the same page as one with ten.
/// </summary>
public sealed class CommerceDashboardService(PartnerCmsDbContext db, OfferViewCounter views, PartnerProfiles partners, TimeProvider clock)
{
    public const int MaxDays = 366;

    public const int PageSize = 50;

    public async Task<CommerceDashboard> GetAsync(string organizationId, DashboardFilter filter, int page = 1, CancellationToken cancellationToken = default)
    {
        var (from, to, fromUtc, toUtc, now, offers) = await PrepareAsync(organizationId, filter, cancellationToken);

        // The offers per office and creator (for the two tables) also give the total: one pass over the offers, not two.
        var counted = await offers.GroupBy(i => new { i.OfficeId, i.CreatedBy }).Select(g => new { g.Key.OfficeId, g.Key.CreatedBy, Offers = g.Count() }).ToListAsync(cancellationToken);
        var total = counted.Sum(c => c.Offers);
        page = Math.Clamp(page, 1, Math.Max(1, (total + PageSize - 1) / PageSize));
        var rows = await RowsAsync(organizationId, offers.Skip((page - 1) * PageSize).Take(PageSize), from, to, fromUtc, toUtc, now, cancellationToken);
        var (firstDay, lastDay) = (from, to);

        // One pass over the period's views and one over its acceptances, grouped by office, creator and day: every
        // figure of the page (totals, by office, by user, day by day) is then summed from these few rows.
        var viewed = await (from v in db.Set<OfferDailyViews>().AsNoTracking()
                            where v.OrganizationId == organizationId && v.Day >= firstDay && v.Day <= lastDay
                            join i in offers on v.OfferId equals i.ContentItemId
                            group v.Views by new { i.OfficeId, i.CreatedBy, v.Day } into g
                            select new { g.Key.OfficeId, g.Key.CreatedBy, g.Key.Day, Views = g.Sum() }).ToListAsync(cancellationToken);
        var accepted = await (from a in db.Set<OfferAcceptance>().AsNoTracking()
                              where a.OrganizationId == organizationId && a.AcceptedUtc >= fromUtc && a.AcceptedUtc < toUtc
                              join i in offers on a.OfferId equals i.ContentItemId
                              group a by new { i.OfficeId, i.CreatedBy, Day = a.AcceptedUtc.Date } into g
                              select new { g.Key.OfficeId, g.Key.CreatedBy, g.Key.Day, Count = g.Count(), SignUps = g.Sum(a => a.SignedUp ? 1 : 0), Licences = g.Sum(a => a.Licences) })
                             .ToListAsync(cancellationToken);

        var officeNames = await partners.OfficeLabelsAsync(organizationId, cancellationToken: cancellationToken);
        var officeName = officeNames.ToDictionary(o => o.Key, o => o.Value, StringComparer.Ordinal);

        var figures = counted.Select(c => new Figures(c.OfficeId, c.CreatedBy, c.Offers, 0, 0, 0, 0))
            .Concat(viewed.Select(v => new Figures(v.OfficeId, v.CreatedBy, 0, v.Views, 0, 0, 0)))
            .Concat(accepted.Select(a => new Figures(a.OfficeId, a.CreatedBy, 0, 0, a.SignUps, a.Count, a.Licences)))
            .ToList();
        var byOffice = Group(figures, f => f.OfficeId, key => officeName.GetValueOrDefault(key, "(removed office)"));
        var byUser = Group(figures, f => f.CreatedBy, key => key);

        var viewsByDay = viewed.GroupBy(v => v.Day).ToDictionary(g => g.Key, g => g.Sum(v => v.Views));
        var acceptancesByDay = accepted.GroupBy(a => DateOnly.FromDateTime(a.Day)).ToDictionary(g => g.Key, g => g.Sum(a => a.Count));
        var days = Enumerable.Range(0, to.DayNumber - from.DayNumber + 1).Select(from.AddDays)
            .Select(d => new DayRow(d, viewsByDay.GetValueOrDefault(d), acceptancesByDay.GetValueOrDefault(d)))
            .ToList();

        return new CommerceDashboard(
            from, to, rows, total, page, PageSize,
            new CommerceTotals(byOffice.Sum(g => g.Views), byOffice.Sum(g => g.SignUps), byOffice.Sum(g => g.Acceptances), byOffice.Sum(g => g.Licences)),
            byOffice, byUser, days,
            officeNames.Select(o => (o.Key, o.Value)).ToList(),
            await db.Set<OfferIndex>().AsNoTracking().Where(i => i.OrganizationId == organizationId).Select(i => i.CreatedBy).Distinct().OrderBy(c => c).ToListAsync(cancellationToken));
    }

    /// <summary>Every offer the filter matches (for the CSV), a page at a time so that memory stays flat.</summary>
    public async IAsyncEnumerable<OfferRow> AllRowsAsync(string organizationId, DashboardFilter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (from, to, fromUtc, toUtc, now, offers) = await PrepareAsync(organizationId, filter, cancellationToken);
        const int batch = 1000;
        for (var skip = 0; ; skip += batch)
        {
            var rows = await RowsAsync(organizationId, offers.Skip(skip).Take(batch), from, to, fromUtc, toUtc, now, cancellationToken);
            foreach (var row in rows)
            {
                yield return row;
            }

            if (rows.Count < batch)
            {
                yield break;
            }
        }
    }

    /// <summary>Saves the views counted so far, then the period (as days and as UTC bounds) and the filtered offers.</summary>
    private async Task<(DateOnly From, DateOnly To, DateTime FromUtc, DateTime ToUtc, DateTime Now, IQueryable<OfferIndex> Offers)> PrepareAsync(
        string organizationId, DashboardFilter filter, CancellationToken cancellationToken)
    {
        await views.FlushAsync(cancellationToken);
        var (from, to) = Period(filter);
        var now = clock.GetUtcNow().UtcDateTime;
        return (from, to, from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), now, Filtered(organizationId, filter, now));
    }

    public (DateOnly From, DateOnly To) Period(DashboardFilter filter)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var to = filter.To is { } t && t <= today ? t : today;
        var from = filter.From is { } f && f <= to ? f : to.AddDays(-29);
        if (to.DayNumber - from.DayNumber >= MaxDays)
        {
            from = to.AddDays(-(MaxDays - 1));
        }

        return (from, to);
    }

    /// <summary>The partner's offers the filter matches, newest first. "Expired" is an active offer past its expiry.</summary>
    private IQueryable<OfferIndex> Filtered(string organizationId, DashboardFilter filter, DateTime now)
    {
        var query = db.Set<OfferIndex>().AsNoTracking().Where(i => i.OrganizationId == organizationId);
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

        query = filter.Status switch
        {
            OfferStatus.Active => query.Where(i => i.Status == OfferStatus.Active && (i.ExpiresUtc == null || i.ExpiresUtc > now)),
            OfferStatus.Expired => query.Where(i => i.Status == OfferStatus.Expired || (i.Status == OfferStatus.Active && i.ExpiresUtc != null && i.ExpiresUtc <= now)),
            { } status => query.Where(i => i.Status == status),
            null => query,
        };

        return query.OrderByDescending(i => i.CreatedUtc).ThenByDescending(i => i.Id);
    }

    /// <summary>One page of offers with their figures in the period, aggregated by the database for those offers only.</summary>
    private async Task<List<OfferRow>> RowsAsync(
        string organizationId, IQueryable<OfferIndex> page, DateOnly from, DateOnly to, DateTime fromUtc, DateTime toUtc, DateTime now, CancellationToken cancellationToken)
    {
        var index = await page.ToListAsync(cancellationToken);
        var ids = index.Select(i => i.ContentItemId).ToList();
        // The ids are this organization's offers: the (OfferId, Day) index answers it.
        var viewCounts = await db.Set<OfferDailyViews>().AsNoTracking()
            .Where(v => ids.Contains(v.OfferId) && v.Day >= from && v.Day <= to)
            .GroupBy(v => v.OfferId).Select(g => new { OfferId = g.Key, Views = g.Sum(v => v.Views) })
            .ToDictionaryAsync(x => x.OfferId, x => x.Views, StringComparer.Ordinal, cancellationToken);
        var acceptances = await db.Set<OfferAcceptance>().AsNoTracking()
            .Where(a => ids.Contains(a.OfferId) && a.AcceptedUtc >= fromUtc && a.AcceptedUtc < toUtc)
            .GroupBy(a => a.OfferId)
            .Select(g => new { OfferId = g.Key, Count = g.Count(), SignUps = g.Sum(a => a.SignedUp ? 1 : 0), Licences = g.Sum(a => a.Licences), Delegated = g.Sum(a => a.DelegatedAdministrationAccepted ? 1 : 0) })
            .ToDictionaryAsync(x => x.OfferId, StringComparer.Ordinal, cancellationToken);
        var officeIds = index.Select(i => i.OfficeId).Distinct(StringComparer.Ordinal).ToList();
        var officeName = (await partners.OfficeLabelsAsync(organizationId, officeIds, cancellationToken)).ToDictionary(o => o.Key, o => o.Value, StringComparer.Ordinal);

        return index.Select(i =>
        {
            var status = i.Status == OfferStatus.Active && i.ExpiresUtc is { } expires && expires <= now ? OfferStatus.Expired : i.Status;
            var a = acceptances.GetValueOrDefault(i.ContentItemId);
            return new OfferRow(i.ContentItemId, i.QuoteId, i.Kind, status, i.OfficeId, officeName.GetValueOrDefault(i.OfficeId, "(removed office)"), i.CreatedBy, i.CreatedUtc,
                i.ExpiresUtc, viewCounts.GetValueOrDefault(i.ContentItemId), a?.SignUps ?? 0, a?.Count ?? 0, a?.Licences ?? 0, a?.Delegated ?? 0);
        }).ToList();
    }

    private sealed record Figures(string OfficeId, string CreatedBy, int Offers, int Views, int SignUps, int Acceptances, int Licences);

    private static List<GroupRow> Group(List<Figures> figures, Func<Figures, string> key, Func<string, string> name) =>
        figures.GroupBy(key, StringComparer.Ordinal)
            .Select(g => new GroupRow(g.Key, name(g.Key), g.Sum(f => f.Offers), g.Sum(f => f.Views), g.Sum(f => f.SignUps), g.Sum(f => f.Acceptances), g.Sum(f => f.Licences)))
            .OrderByDescending(g => g.Licences).ThenBy(g => g.Name, StringComparer.Ordinal).ToList();
}
