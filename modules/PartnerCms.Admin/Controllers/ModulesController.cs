using Microsoft.AspNetCore.Mvc;
using PartnerCms.Core.Modules;
using PartnerCms.Core.Security;

namespace PartnerCms.Admin.Controllers;

[Route("admin/modules")]
[RequirePermission(AdminPermissionNames.ViewModules)]
public sealed class ModulesController(ModuleCatalog catalog) : Controller
{
    [HttpGet("")]
    public IActionResult Index() => View(catalog.Modules);
}
