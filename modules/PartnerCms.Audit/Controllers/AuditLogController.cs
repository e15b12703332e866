using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PartnerCms.Audit.Models;
using PartnerCms.Audit.Services;
using PartnerCms.Core.Data;
using PartnerCms.Core.Security;
using PartnerCms.Landing;

namespace PartnerCms.Audit.Controllers;

public sealed record AuditPage(
    string Title, string BasePath, bool ForPartner, AuditFilter Filter, IReadOnlyList<AuditEntry> Entries, int Page, int Pages, int Total,
    AuditVerification Verification, IReadOnlyDictionary<string, string> OrganizationNames, AuditFilterChoices Choices);

/// <summary>What the filters offer: the users, customers (by name) and actions that occur in the viewer's entries.</summary>
public sealed record AuditFilterChoices(IReadOnlyList<string> Users, IReadOnlyList<(string Id, string Name)> Customers, IReadOnlyList<string> Actions);

/// <summary>
/// The audit trail (R22): the partner's global administrator sees what the partner's users did (and relationship
/// changes), the customer's global administrator what was done in its organization. Read-only: no route edits or
/// deletes an entry.
/// </summary>
[SpeaksVisitorLanguage]
public sealed class AuditLogController(AuditLog log, Core.Data.PartnerCmsDbContext db) : Controller
{
    /// <summary>At most this many users, customers or actions are offered in a filter's list.</summary>
    private const int ChoiceLimit = 500;

    [HttpGet("/partner/audit")]
    [RequirePermission(AuditPermissionNames.ViewPartnerAudit)]
    public Task<IActionResult> Partner([FromQuery] AuditFilter filter, int page = 1, CancellationToken cancellationToken = default) =>
        PageAsync("Audit trail", "/partner/audit", forPartner: true, filter, page, cancellationToken);

    [HttpGet("/partner/audit.csv")]
    [RequirePermission(AuditPermissionNames.ViewPartnerAudit)]
    public Task<IActionResult> PartnerCsv([FromQuery] AuditFilter filter, CancellationToken cancellationToken) => CsvAsync(filter, cancellationToken);

    [HttpGet("/portal/audit")]
    [RequirePermission(AuditPermissionNames.ViewOwnAudit)]
    public Task<IActionResult> Customer([FromQuery] AuditFilter filter, int page = 1, CancellationToken cancellationToken = default) =>
        PageAsync("Audit trail", "/portal/audit", forPartner: false, filter, page, cancellationToken);

    [HttpGet("/portal/audit.csv")]
    [RequirePermission(AuditPermissionNames.ViewOwnAudit)]
    public Task<IActionResult> CustomerCsv([FromQuery] AuditFilter filter, CancellationToken cancellationToken) => CsvAsync(filter, cancellationToken);

    private async Task<IActionResult> PageAsync(string title, string basePath, bool forPartner, AuditFilter filter, int page, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            filter = new AuditFilter();
        }

        var query = log.Query(filter);
        var total = await query.CountAsync(cancellationToken);
        var pages = Math.Max(1, (total + AuditLog.PageSize - 1) / AuditLog.PageSize);
        page = Math.Clamp(page, 1, pages);
        var entries = await query.Skip((page - 1) * AuditLog.PageSize).Take(AuditLog.PageSize).ToListAsync(cancellationToken);
        var verification = await log.VerifyAsync(entries.Select(e => e.ChainId).Distinct(StringComparer.Ordinal).ToList(), cancellationToken);
        var all = log.Query(new AuditFilter());
        var users = await all.Select(e => e.ActorUserName).Distinct().OrderBy(u => u).Take(ChoiceLimit).ToListAsync(cancellationToken);
        var actions = await all.Select(e => e.Action).Distinct().OrderBy(a => a).Take(ChoiceLimit).ToListAsync(cancellationToken);
        var customerIds = forPartner
            ? await all.Where(e => e.CustomerOrganizationId != "").Select(e => e.CustomerOrganizationId).Distinct().Take(ChoiceLimit).ToListAsync(cancellationToken)
            : [];
        var ids = entries.SelectMany(e => new[] { e.PartnerOrganizationId, e.CustomerOrganizationId }).Concat(customerIds).Where(i => i.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var names = await db.Organizations.AcrossOrganizations("the audit viewer names the partner and the customer of each entry it shows")
            .Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, StringComparer.Ordinal, cancellationToken);
        var customers = customerIds.Select(id => (id, names.GetValueOrDefault(id, id))).OrderBy(c => c.Item2, StringComparer.CurrentCultureIgnoreCase).ToList();
        var choices = new AuditFilterChoices(users, customers, actions);
        return View("Index", new AuditPage(title, basePath, forPartner, filter, entries, page, pages, total, verification, names, choices));
    }

    private async Task<IActionResult> CsvAsync(AuditFilter filter, CancellationToken cancellationToken)
    {
        var entries = await log.Query(ModelState.IsValid ? filter : new AuditFilter()).Take(100_000).ToListAsync(cancellationToken);
        var csv = Core.Export.CsvExport.Write(
            ["When (UTC)", "User", "Partner", "Customer", "Action", "Target", "Outcome", "Address", "Chain", "Sequence", "Hash"],
            entries.Select(e => new[]
            {
                e.OccurredUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), e.ActorUserName, e.PartnerOrganizationId, e.CustomerOrganizationId,
                e.Action, e.Target ?? string.Empty, e.Outcome, e.IpAddress ?? string.Empty, e.ChainId, e.Sequence.ToString(CultureInfo.InvariantCulture), e.Hash,
            }));
        return File(csv, "text/csv; charset=utf-8", "audit-trail.csv");
    }
}
