using Microsoft.AspNetCore.Mvc;
using PartnerCms.Core.Security;

namespace PartnerCms.Customers.Controllers;

/// <summary>The seed's Partner Overview page: the entry points of the partner portal.</summary>
[RequirePermission(CustomersPermissionNames.LookupCustomers)]
public sealed class PartnerOverviewController : Controller
{
    [HttpGet("/partner")]
    public IActionResult Index() => View();
}
