using Microsoft.AspNetCore.Mvc;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Security;
using PartnerCms.Delegation.Services;

namespace PartnerCms.Delegation.Controllers;

/// <summary>R15: the customer sees its partner relationships in its account portal.</summary>
[Route("portal/partners")]
[RequirePermission(DelegationPermissionNames.ViewPartnerRelationships)]
public sealed class PartnerRelationshipsController(DelegatedRelationshipService relationships, ICurrentOrganization currentOrganization) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        currentOrganization.OrganizationId is { } id ? View(await relationships.PartnersOfAsync(id, cancellationToken)) : NotFound();
}
