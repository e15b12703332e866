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
        var name = $"commerce-{data.From:yyyy-MM-dd}-{data.To:yyyy-MM-dd}.csv";
        return File(CommerceCsv.Write(data.Offers), "text/csv; charset=utf-8", name);
    }
}
