using Microsoft.EntityFrameworkCore;
using PartnerCms.Core.Accounts;
using PartnerCms.Core.Content;
using PartnerCms.Core.Data;
using PartnerCms.Core.Security;
using PartnerCms.Delegation.Models;

namespace PartnerCms.Delegation.Services;

/// <summary>How My customers shows a relationship's state.</summary>
public enum CustomerStatus
{
    Offered,
    Active,
    Expiring,
    Ended,
    Declined,
    Lapsed,
}

/// <summary>The filters, search, sort and page of My customers (all optional; bad values are ignored, not errors).</summary>
public sealed class MyCustomersQuery
{
    public const int PageSize = 50;

    public string? Q { get; set; }

    /// <summary>A <see cref="CustomerStatus"/> name; anything else shows every status.</summary>
    public string? Status { get; set; }

    public CustomerStatus? StatusFilter =>
        Enum.TryParse<CustomerStatus>(Status, ignoreCase: true, out var status) && Enum.IsDefined(status) && !int.TryParse(Status, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _) ? status : null;

    public string? Role { get; set; }

    public string? Team { get; set; }

    public string? Tag { get; set; }

    /// <summary>"true" or "false"; anything else: both.</summary>
    public string? AutoExtend { get; set; }

    public bool? AutoExtendFilter => bool.TryParse(AutoExtend, out var value) ? value : null;

    /// <summary>name (default), ends, status.</summary>
    public string? Sort { get; set; }

    public string? Page { get; set; }

    public int PageNumber => int.TryParse(Page, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var page) ? page : 1;
}

public sealed record MyCustomerRow(
    string CustomerId, string Name, string? PrimaryDomain, CustomerStatus Status, IReadOnlyList<string> Roles, IReadOnlyList<string> Teams,
    DateTime? EndsUtc, bool AutoExtend, IReadOnlyList<string> Tags, bool RenewalPending)
{
    /// <summary>The roles a request not yet answered asks for (empty otherwise).</summary>
    public IReadOnlyList<string> AskedRoles { get; init; } = [];
}

public sealed record MyCustomersPage(IReadOnlyList<MyCustomerRow> Rows, int Total, int Page, int Pages, IReadOnlyList<string> AllTags, IReadOnlyList<(string Id, string Name)> AllTeams);

/// <summary>
/// Every customer the partner has (or had, or asked for) a delegated relationship with: the partner's own customers, so
/// a prefix of the name or a domain finds them (R2's exact match is for finding customers one does not know yet).
/// Filtered and paged in the database: one query for the page and its count, one for the page's teams and tags, one for
/// who is in the built-in Full and Limited teams, and one for the asked roles of the page's unanswered requests.
/// </summary>
public sealed class MyCustomers(PartnerCmsDbContext db, ContentManager contentManager, TimeProvider clock)
{
    private const string Reason = "a partner lists the customers it has a delegated relationship with";
    public const int MaxQueryLength = 100;
    public const int MaxTagLength = 40;
    public const int MaxTagsPerCustomer = 10;
    private static readonly TimeSpan ExpiringWithin = TimeSpan.FromDays(30);

    public async Task<MyCustomersPage> ListAsync(string partnerOrganizationId, MyCustomersQuery query, int? pageSize = MyCustomersQuery.PageSize, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var soon = now + ExpiringWithin;
        var relationships = db.Set<DelegatedRelationshipIndex>().AcrossOrganizations(Reason).AsNoTracking().Where(i => i.PartnerOrganizationId == partnerOrganizationId);
        var organizations = db.Organizations.AcrossOrganizations(Reason);
        var domains = db.Set<Core.Organizations.OrganizationDomain>().AcrossOrganizations(Reason);
        var tags = db.Set<PartnerCustomerTag>().AsNoTracking().Where(t => t.OrganizationId == partnerOrganizationId);

        var q = query.Q?.Trim();
        if (!string.IsNullOrEmpty(q) && q.Length <= MaxQueryLength && !q.Any(char.IsControl))
        {
            var lower = q.ToLowerInvariant();
            var domain = Core.Organizations.OrganizationDomain.Normalize(q);
            // Translated to SQL (lower() and LIKE with the prefix escaped) on both providers: not .NET string comparisons.
#pragma warning disable CA1304, CA1311, CA1862, MA0011
            relationships = relationships.Where(i =>
                organizations.Any(o => o.Id == i.CustomerOrganizationId && o.Name.ToLower().StartsWith(lower))
                || domains.Any(d => d.OrganizationId == i.CustomerOrganizationId && d.NormalizedName.StartsWith(domain)));
#pragma warning restore CA1304, CA1311, CA1862, MA0011
        }

        relationships = query.StatusFilter switch
        {
            CustomerStatus.Offered => relationships.Where(i => i.Status == RelationshipStatus.Offered),
            CustomerStatus.Active => relationships.Where(i => i.Active && (i.EndsUtc == null || i.EndsUtc > soon)),
            CustomerStatus.Expiring => relationships.Where(i => i.Active && i.EndsUtc != null && i.EndsUtc > now && i.EndsUtc <= soon),
            CustomerStatus.Ended => relationships.Where(i => i.Status == RelationshipStatus.Removed || i.Status == RelationshipStatus.Expired || i.Status == RelationshipStatus.Withdrawn
                || (i.Active && i.EndsUtc != null && i.EndsUtc <= now)),
            CustomerStatus.Declined => relationships.Where(i => i.Status == RelationshipStatus.Declined),
            CustomerStatus.Lapsed => relationships.Where(i => i.Status == RelationshipStatus.Lapsed),
            _ => relationships,
        };

        if (DelegatedRoles.Find(query.Role) is { } role)
        {
            // Comma-joined in catalogue order: match the name as a whole item.
            var name = role.Name;
            relationships = relationships.Where(i => ("," + i.ApprovedRoles + ",").Contains("," + name + ","));
        }

        if (!string.IsNullOrWhiteSpace(query.Team))
        {
            var team = query.Team.Trim();
            relationships = relationships.Where(i => db.Set<PartnerTeamAssignment>().Any(a => a.OrganizationId == partnerOrganizationId && a.CustomerOrganizationId == i.CustomerOrganizationId && a.TeamId == team));
        }

        if (!string.IsNullOrWhiteSpace(query.Tag))
        {
            var tag = query.Tag.Trim();
            relationships = relationships.Where(i => tags.Any(t => t.CustomerOrganizationId == i.CustomerOrganizationId && t.Tag == tag));
        }

        if (query.AutoExtendFilter is { } autoExtend)
        {
            relationships = relationships.Where(i => i.AutoExtend == autoExtend);
        }

        var rows = relationships.Select(i => new
        {
            i.CustomerOrganizationId,
            i.ContentItemId,
            Name = organizations.Where(o => o.Id == i.CustomerOrganizationId).Select(o => o.Name).FirstOrDefault() ?? string.Empty,
            PrimaryDomain = domains.Where(d => d.OrganizationId == i.CustomerOrganizationId && d.IsPrimary).Select(d => d.Name).FirstOrDefault(),
            i.Status,
            i.Active,
            i.ApprovedRoles,
            i.EndsUtc,
            i.AutoExtend,
            i.RenewalPending,
        });
        rows = query.Sort switch
        {
            "ends" => rows.OrderBy(r => r.EndsUtc == null).ThenBy(r => r.EndsUtc).ThenBy(r => r.Name),
            "status" => rows.OrderBy(r => r.Status).ThenBy(r => r.Name),
            _ => rows.OrderBy(r => r.Name).ThenBy(r => r.CustomerOrganizationId),
        };

        var total = await rows.CountAsync(cancellationToken);
        var size = pageSize ?? Math.Max(total, 1);
        var pages = Math.Max(1, (total + size - 1) / size);
        var page = Math.Clamp(query.PageNumber, 1, pages);
        var slice = await rows.Skip((page - 1) * size).Take(size).ToListAsync(cancellationToken);

        var ids = slice.Select(r => r.CustomerOrganizationId).ToList();
        var tagRows = await tags.Where(t => ids.Contains(t.CustomerOrganizationId)).Select(t => new { t.CustomerOrganizationId, t.Tag }).ToListAsync(cancellationToken);
        var teamRows = await db.Set<PartnerTeamAssignment>().AsNoTracking().Where(a => a.OrganizationId == partnerOrganizationId && ids.Contains(a.CustomerOrganizationId))
            .Join(db.Set<PartnerTeam>(), a => a.TeamId, t => t.Id, (a, t) => new { a.CustomerOrganizationId, a.Role, t.Name }).ToListAsync(cancellationToken);
        var allTags = await tags.Select(t => t.Tag).Distinct().OrderBy(t => t).ToListAsync(cancellationToken);
        var allTeams = await db.Set<PartnerTeam>().AsNoTracking().Where(t => t.OrganizationId == partnerOrganizationId).OrderBy(t => t.Name).Select(t => new { t.Id, t.Name }).ToListAsync(cancellationToken);
        // The built-in teams are the partner's users given Full or Limited on the Users page: listed only when someone is in them.
        var builtIn = await db.Users.AsNoTracking().Where(u => u.OrganizationId == partnerOrganizationId && u.DelegatedAccess != DelegatedAccess.None)
            .Select(u => u.DelegatedAccess).Distinct().ToListAsync(cancellationToken);
        var offered = slice.Where(r => r.Status == RelationshipStatus.Offered).Select(r => r.ContentItemId).ToList();
        var asked = offered.Count == 0
            ? new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
            : (await contentManager.GetManyFromAnyOrganizationAsync(offered, VersionOptions.Latest, Reason, cancellationToken))
                .ToDictionary(i => i.ContentItemId, i => i.Get<DelegatedRelationshipPart>().Asked, StringComparer.Ordinal);

        var result = slice.Select(r =>
        {
            var approved = DelegatedRoles.Split(r.ApprovedRoles);
            var teams = new List<string>();
            if (r.Active)
            {
                if (builtIn.Contains(DelegatedAccess.Full) && DelegatedRoles.FullBundle.Any(approved.Contains))
                {
                    teams.Add("Full administration (built-in)");
                }

                if (builtIn.Contains(DelegatedAccess.Limited) && DelegatedRoles.LimitedBundle.Any(approved.Contains))
                {
                    teams.Add("Limited administration (built-in)");
                }

                teams.AddRange(teamRows.Where(t => t.CustomerOrganizationId == r.CustomerOrganizationId && approved.Contains(t.Role)).Select(t => t.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.CurrentCulture));
            }

            return new MyCustomerRow(r.CustomerOrganizationId, r.Name, r.PrimaryDomain, StatusOf(r.Status, r.Active, r.EndsUtc, now, soon), approved, teams, r.EndsUtc, r.AutoExtend,
                tagRows.Where(t => t.CustomerOrganizationId == r.CustomerOrganizationId).Select(t => t.Tag).Order(StringComparer.CurrentCulture).ToList(),
                r.RenewalPending)
            {
                AskedRoles = asked.GetValueOrDefault(r.ContentItemId) ?? [],
            };
        }).ToList();
        return new MyCustomersPage(result, total, page, pages, allTags, allTeams.Select(t => (t.Id, t.Name)).ToList());
    }

    public static CustomerStatus StatusOf(RelationshipStatus status, bool active, DateTime? endsUtc, DateTime now, DateTime soon) => status switch
    {
        RelationshipStatus.Offered => CustomerStatus.Offered,
        RelationshipStatus.Declined => CustomerStatus.Declined,
        RelationshipStatus.Lapsed => CustomerStatus.Lapsed,
        RelationshipStatus.Active when active && endsUtc is { } ends && ends <= now => CustomerStatus.Ended,
        RelationshipStatus.Active when endsUtc is { } ends && ends <= soon => CustomerStatus.Expiring,
        RelationshipStatus.Active => CustomerStatus.Active,
        _ => CustomerStatus.Ended,
    };

    /// <summary>The name of a customer the partner has a relationship with, or null.</summary>
    public Task<string?> NameAsync(string partnerOrganizationId, string customerOrganizationId, CancellationToken cancellationToken = default) =>
        db.Organizations.AcrossOrganizations(Reason).AsNoTracking()
            .Where(o => o.Id == customerOrganizationId && db.Set<DelegatedRelationshipIndex>().AcrossOrganizations(Reason)
                .Any(i => i.PartnerOrganizationId == partnerOrganizationId && i.CustomerOrganizationId == o.Id))
            .Select(o => o.Name).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Replaces the partner's tags on one of its customers (each trimmed, at most 40 characters, at most 10).</summary>
    public async Task<string?> SetTagsAsync(string partnerOrganizationId, string customerOrganizationId, string? tagsText, CancellationToken cancellationToken = default)
    {
        var wanted = (tagsText ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (wanted.Count > MaxTagsPerCustomer || wanted.Any(t => t.Length > MaxTagLength || t.Any(char.IsControl)))
        {
            return $"Give at most {MaxTagsPerCustomer} tags, separated by commas, each at most {MaxTagLength} characters.";
        }

        if (!await db.Set<DelegatedRelationshipIndex>().AcrossOrganizations(Reason).AnyAsync(i => i.PartnerOrganizationId == partnerOrganizationId && i.CustomerOrganizationId == customerOrganizationId, cancellationToken))
        {
            return "There is no relationship with this customer.";
        }

        var existing = await db.Set<PartnerCustomerTag>().Where(t => t.OrganizationId == partnerOrganizationId && t.CustomerOrganizationId == customerOrganizationId).ToListAsync(cancellationToken);
        db.RemoveRange(existing.Where(t => !wanted.Contains(t.Tag, StringComparer.Ordinal)));
        foreach (var tag in wanted.Where(w => existing.All(t => t.Tag != w)))
        {
            db.Add(new PartnerCustomerTag { OrganizationId = partnerOrganizationId, CustomerOrganizationId = customerOrganizationId, Tag = tag });
        }

        await db.SaveChangesAsync(cancellationToken);
        return null;
    }
}
