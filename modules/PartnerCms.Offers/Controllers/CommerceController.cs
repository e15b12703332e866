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
public sealed class CommerceController(CommerceDashboardService dashboard, ICurrentOrganization currentOrganization, IAuthorizationService authorization, HeadlineExperiments experiments) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] DashboardFilter filter, [FromQuery] int page, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            // A malformed filter (a date that is not one) is dropped, not a failure: show the default period.
            ModelState.Clear();
            filter = new DashboardFilter { QuoteId = filter.QuoteId };
        }

        return View(new CommerceViewModel
        {
            Dashboard = await dashboard.GetAsync(currentOrganization.OrganizationId!, filter, page, cancellationToken),
            Filter = filter,
            CanWithdraw = await authorization.HasPermissionAsync(User, Permissions.CreateOffers),
            QueryString = Request.QueryString.Value ?? string.Empty,
            Experiments = [.. (await experiments.ResultsAsync(currentOrganization.OrganizationId!, cancellationToken)).Take(3)],
            CanManageExperiments = await authorization.HasPermissionAsync(User, Permissions.ManageExperiments),
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

        var (from, to) = dashboard.Period(filter);
        var rows = new List<OfferRow>();
        await foreach (var row in dashboard.AllRowsAsync(currentOrganization.OrganizationId!, filter, cancellationToken))
        {
            rows.Add(row);
        }

        return File(CommerceCsv.Write(rows), "text/csv; charset=utf-8", $"commerce-{from:yyyy-MM-dd}-{to:yyyy-MM-dd}.csv");
    }
}
