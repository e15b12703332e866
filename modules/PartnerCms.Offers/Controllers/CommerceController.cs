using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Security;
using PartnerCms.Offers.Services;
using PartnerCms.Offers.ViewModels;

namespace PartnerCms.Offers.Controllers;

/// <summary>The seed's Partner Commerce Dashboard (R11): offers by Quote ID with their funnel, filters, chart and CSV.</summary>
[RequirePermission(OffersPermissionNames.ViewCommerceDashboard)]
[Route("partner/commerce")]
public sealed class CommerceController(CommerceDashboardService dashboard, ICurrentOrganization currentOrganization, IAuthorizationService authorization) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] DashboardFilter filter, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            // A malformed filter (a date that is not one) is dropped, not a failure: show the default period.
            ModelState.Clear();
            filter = new DashboardFilter { QuoteId = filter.QuoteId };
        }

        return View(new CommerceViewModel
        {
            Dashboard = await dashboard.GetAsync(currentOrganization.OrganizationId!, filter, cancellationToken),
            Filter = filter,
            CanWithdraw = await authorization.HasPermissionAsync(User, Permissions.CreateOffers),
            QueryString = Request.QueryString.Value ?? string.Empty,
        });
    }

    [HttpGet("export.csv")]
    public async Task<IActionResult> Export([FromQuery] DashboardFilter filter, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            ModelState.Clear();
            filter = new DashboardFilter { QuoteId = filter.QuoteId };
        }

        var data = await dashboard.GetAsync(currentOrganization.OrganizationId!, filter, cancellationToken);
        var csv = new StringBuilder();
        csv.AppendLine("Quote ID,Kind,Status,Office,Created by,Created (UTC),Expires (UTC),Views,Sign-ups,Acceptances,Licences,Delegated administration accepted");
        foreach (var row in data.Offers)
        {
            csv.AppendJoin(',',
                Cell(row.QuoteId), Cell(row.Kind.ToString()), Cell(row.Status.ToString()), Cell(row.OfficeName), Cell(row.CreatedBy),
                row.CreatedUtc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), row.ExpiresUtc?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty,
                row.Views, row.SignUps, row.Acceptances, row.Licences, row.DelegatedAdministrationAccepted).AppendLine();
        }

        var name = $"commerce-{data.From:yyyy-MM-dd}-{data.To:yyyy-MM-dd}.csv";
        return File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray(), "text/csv; charset=utf-8", name);
    }

    /// <summary>A CSV field: quoted when needed, and never read as a formula by a spreadsheet.</summary>
    public static string Cell(string value)
    {
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0], StringComparison.Ordinal))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
