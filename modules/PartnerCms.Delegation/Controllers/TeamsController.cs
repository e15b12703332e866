using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using PartnerCms.Core.Security;
using PartnerCms.Delegation.Services;

namespace PartnerCms.Delegation.Controllers;

public sealed class TeamForm
{
    public string? Name { get; set; }

    public string? Description { get; set; }

    public List<string>? Members { get; set; }
}

public sealed record TeamsPage(IReadOnlyList<TeamSummary> Teams, IReadOnlyList<(string UserName, string DisplayName, Core.Accounts.DelegatedAccess Access)> Users, TeamForm Form, string? EditingId);

/// <summary>
/// The partner's global administrator makes teams of the partner's users; which roles each team holds is set per
/// customer (My customers → Teams). The built-in Full and Limited teams are the users given that access on Users.
/// </summary>
[Route("partner/teams")]
[RequirePermission(DelegationPermissionNames.ManageTeams)]
public sealed class TeamsController(TeamService teams) : Controller
{
    [HttpGet("", Name = DelegationRoutes.Teams)]
    public async Task<IActionResult> Index(string? edit, CancellationToken cancellationToken)
    {
        var list = await teams.ListAsync(User.GetOrganizationId()!, cancellationToken);
        var editing = edit is null ? null : list.FirstOrDefault(t => t.Id == edit);
        var form = editing is null ? new TeamForm() : new TeamForm { Name = editing.Name, Description = editing.Description, Members = editing.Members.Select(m => m.UserName).ToList() };
        return View(new TeamsPage(list, await teams.UsersAsync(User.GetOrganizationId()!, cancellationToken), form, editing?.Id));
    }

    [HttpPost("")]
    public Task<IActionResult> Create(TeamForm form, CancellationToken cancellationToken) => SaveAsync(null, form, cancellationToken);

    [HttpPost("{id}")]
    public Task<IActionResult> Edit(string id, TeamForm form, CancellationToken cancellationToken) => SaveAsync(id, form, cancellationToken);

    [HttpPost("{id}/delete")]
    public async Task<IActionResult> Delete(string id, CancellationToken cancellationToken)
    {
        if (!await teams.DeleteAsync(User.GetOrganizationId()!, id, cancellationToken))
        {
            return NotFound();
        }

        TempData["Status"] = "The team was deleted; its members lost the roles it held at once.";
        return RedirectToRoute(DelegationRoutes.Teams);
    }

    private async Task<IActionResult> SaveAsync(string? id, TeamForm form, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var organizationId = User.GetOrganizationId()!;
        var result = await teams.SaveAsync(organizationId, id, form.Name, form.Description, form.Members ?? [], cancellationToken);
        if (!result.Succeeded)
        {
            if (result.Error == "There is no such team.")
            {
                return NotFound();
            }

            ModelState.AddModelError(nameof(TeamForm.Name), result.Error!);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Index", new TeamsPage(await teams.ListAsync(organizationId, cancellationToken), await teams.UsersAsync(organizationId, cancellationToken), form, id));
        }

        TempData["Status"] = $"Team {form.Name!.Trim()} was saved. Assign it roles per customer on My customers.";
        return RedirectToRoute(DelegationRoutes.Teams);
    }
}
