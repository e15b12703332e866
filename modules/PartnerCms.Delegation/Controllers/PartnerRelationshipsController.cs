using Microsoft.AspNetCore.Mvc;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Security;
using PartnerCms.Delegation.Services;
using PartnerCms.Landing;

namespace PartnerCms.Delegation.Controllers;

/// <summary>R15: the customer sees its partner relationships in its account portal, and its global administrator removes one.</summary>
[SpeaksVisitorLanguage]
[Route("portal/partners")]
[RequirePermission(DelegationPermissionNames.ViewPartnerRelationships)]
public sealed class PartnerRelationshipsController(DelegatedRelationshipService relationships, ICurrentOrganization currentOrganization) : Controller
{
    [HttpGet("", Name = DelegationRoutes.PartnerRelationships)]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        currentOrganization.OrganizationId is { } id ? View(await relationships.PartnersOfAsync(id, cancellationToken)) : NotFound();

    [HttpGet("{partnerId}/remove")]
    [RequirePermission(DelegationPermissionNames.ManagePartnerRelationships)]
    public async Task<IActionResult> Remove(string partnerId, CancellationToken cancellationToken)
    {
        var relationship = await ActiveAsync(partnerId, cancellationToken);
        return relationship is null ? NotFound() : View(relationship);
    }

    [HttpPost("{partnerId}/remove")]
    [RequirePermission(DelegationPermissionNames.ManagePartnerRelationships)]
    public async Task<IActionResult> RemoveConfirmed(string partnerId, CancellationToken cancellationToken)
    {
        var relationship = await ActiveAsync(partnerId, cancellationToken);
        if (relationship is null || !await relationships.RemoveAsync(currentOrganization.OrganizationId!, partnerId, User.Identity?.Name ?? "unknown", cancellationToken))
        {
            return NotFound();
        }

        TempData["Status"] = $"{relationship.Partner.Name} is no longer a delegated administrator of your organization. Its staff lost access at once.";
        return RedirectToAction(nameof(Index));
    }

    /// <summary>The customer takes back one role: the partner's staff lose exactly that right at their next request (the last role removes the partner).</summary>
    [HttpPost("{partnerId}/roles/{role}/remove")]
    [RequirePermission(DelegationPermissionNames.ManagePartnerRelationships)]
    public async Task<IActionResult> RemoveRole(string partnerId, string role, CancellationToken cancellationToken)
    {
        var relationship = await ActiveAsync(partnerId, cancellationToken);
        var known = DelegatedRoles.Find(role);
        if (relationship is null || known is null || !relationship.Roles.Contains(known.Name, StringComparer.Ordinal))
        {
            return NotFound();
        }

        var last = relationship.Roles.Count == 1;
        if (!await relationships.RemoveRoleAsync(currentOrganization.OrganizationId!, partnerId, known.Name, User.Identity?.Name ?? "unknown", cancellationToken))
        {
            return NotFound();
        }

        TempData["Status"] = last
            ? $"{relationship.Partner.Name} is no longer a delegated administrator of your organization: {known.DisplayName} was its last role. Its staff lost access at once."
            : $"{relationship.Partner.Name} no longer has the {known.DisplayName} role. Its staff lost that right at once.";
        return RedirectToAction(nameof(Index));
    }

    private async Task<PartnerRelationship?> ActiveAsync(string partnerId, CancellationToken cancellationToken) =>
        currentOrganization.OrganizationId is { } id
            ? (await relationships.PartnersOfAsync(id, cancellationToken)).FirstOrDefault(r => r.Partner.Id == partnerId && r.IsActive)
            : null;
}
