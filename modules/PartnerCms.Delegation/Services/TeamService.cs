using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PartnerCms.Core.Accounts;
using PartnerCms.Core.Audit;
using PartnerCms.Core.Data;
using PartnerCms.Core.Security;
using PartnerCms.Delegation.Models;

namespace PartnerCms.Delegation.Services;

public sealed record TeamSummary(string Id, string Name, string? Description, IReadOnlyList<(string Id, string UserName, string DisplayName)> Members);

public sealed record TeamResult(bool Succeeded, string? Error, string? TeamId = null)
{
    public static TeamResult Fail(string error) => new(false, error);
}

/// <summary>
/// The partner's teams (its global administrator's work): create, rename, delete, members, and per customer which team
/// holds which of the roles the customer approved. Every change is audited and updates the members' security stamps, so
/// their sign-in claims follow within a minute; their rights in customers are read at every request anyway.
/// </summary>
public sealed class TeamService(PartnerCmsDbContext db, UserManager<PartnerCmsUser> users, AuditTrail audit, TimeProvider clock)
{
    public const int MaxNameLength = 100;

    public async Task<IReadOnlyList<TeamSummary>> ListAsync(string partnerOrganizationId, CancellationToken cancellationToken = default)
    {
        var teams = await db.Set<PartnerTeam>().AsNoTracking().Where(t => t.OrganizationId == partnerOrganizationId).Include(t => t.Members).OrderBy(t => t.Name).ToListAsync(cancellationToken);
        var memberIds = teams.SelectMany(t => t.Members).Select(m => m.UserId).Distinct(StringComparer.Ordinal).ToList();
        var people = await db.Users.AsNoTracking().Where(u => u.OrganizationId == partnerOrganizationId && memberIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => (u.UserName ?? string.Empty, u.DisplayName), StringComparer.Ordinal, cancellationToken);
        return teams.Select(t => new TeamSummary(t.Id, t.Name, t.Description,
                t.Members.Where(m => people.ContainsKey(m.UserId)).Select(m => (m.UserId, people[m.UserId].Item1, people[m.UserId].DisplayName)).OrderBy(m => m.Item2, StringComparer.OrdinalIgnoreCase).ToList()))
            .ToList();
    }

    public async Task<TeamResult> SaveAsync(string partnerOrganizationId, string? teamId, string? name, string? description, IReadOnlyCollection<string> memberUserNames, CancellationToken cancellationToken = default)
    {
        name = name?.Trim();
        description = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            return TeamResult.Fail($"Give the team a name of at most {MaxNameLength} characters.");
        }

        if (description is { Length: > 500 } || description?.Any(c => char.IsControl(c) && c is not '\n' and not '\r') == true)
        {
            return TeamResult.Fail("Give a description of at most 500 characters.");
        }

        var wanted = memberUserNames.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var normalized = wanted.Select(n => users.NormalizeName(n)).ToList();
        var members = await db.Users.Where(u => u.OrganizationId == partnerOrganizationId && normalized.Contains(u.NormalizedUserName!)).ToListAsync(cancellationToken);
        var unknown = wanted.Where(n => members.All(m => !string.Equals(m.UserName, n, StringComparison.OrdinalIgnoreCase))).ToList();
        if (unknown.Count > 0)
        {
            return TeamResult.Fail($"{string.Join(", ", unknown.Take(5))} {(unknown.Count == 1 ? "is not a user" : "are not users")} of your organization.");
        }

        if (await db.Set<PartnerTeam>().AnyAsync(t => t.OrganizationId == partnerOrganizationId && t.Name == name && t.Id != teamId, cancellationToken))
        {
            return TeamResult.Fail($"There is already a team named {name}.");
        }

        PartnerTeam? team;
        var changedUsers = new HashSet<string>(StringComparer.Ordinal);
        if (teamId is null)
        {
            team = new PartnerTeam { OrganizationId = partnerOrganizationId, Name = name, Description = description, CreatedUtc = clock.GetUtcNow().UtcDateTime };
            db.Add(team);
        }
        else
        {
            team = await db.Set<PartnerTeam>().Include(t => t.Members).FirstOrDefaultAsync(t => t.Id == teamId && t.OrganizationId == partnerOrganizationId, cancellationToken);
            if (team is null)
            {
                return TeamResult.Fail("There is no such team.");
            }

            team.Name = name;
            team.Description = description;
            foreach (var gone in team.Members.Where(m => members.All(u => u.Id != m.UserId)).ToList())
            {
                team.Members.Remove(gone);
                changedUsers.Add(gone.UserId);
            }
        }

        foreach (var user in members.Where(u => team.Members.All(m => m.UserId != u.Id)))
        {
            team.Members.Add(new PartnerTeamMember { TeamId = team.Id, UserId = user.Id, OrganizationId = partnerOrganizationId });
            changedUsers.Add(user.Id);
        }

        audit.Record(teamId is null ? "team.created" : "team.changed", $"{name}: {string.Join(", ", members.Select(m => m.UserName).Order(StringComparer.OrdinalIgnoreCase))}", partnerOrganizationId, null);
        await db.SaveChangesAsync(cancellationToken);
        await RefreshClaimsAsync(changedUsers);
        return new(true, null, team.Id);
    }

    public async Task<bool> DeleteAsync(string partnerOrganizationId, string teamId, CancellationToken cancellationToken = default)
    {
        var team = await db.Set<PartnerTeam>().Include(t => t.Members).FirstOrDefaultAsync(t => t.Id == teamId && t.OrganizationId == partnerOrganizationId, cancellationToken);
        if (team is null)
        {
            return false;
        }

        var memberIds = team.Members.Select(m => m.UserId).ToList();
        db.RemoveRange(await db.Set<PartnerTeamAssignment>().Where(a => a.OrganizationId == partnerOrganizationId && a.TeamId == teamId).ToListAsync(cancellationToken));
        db.Remove(team);
        audit.Record("team.deleted", team.Name, partnerOrganizationId, null);
        await db.SaveChangesAsync(cancellationToken);
        await RefreshClaimsAsync(memberIds);
        return true;
    }

    /// <summary>Which team holds which role in the customer (only roles the customer approved count; others are kept but shown as not approved).</summary>
    public async Task<ILookup<string, string>> AssignmentsAsync(string partnerOrganizationId, string customerOrganizationId, CancellationToken cancellationToken = default) =>
        (await db.Set<PartnerTeamAssignment>().AsNoTracking().Where(a => a.OrganizationId == partnerOrganizationId && a.CustomerOrganizationId == customerOrganizationId)
            .Select(a => new { a.TeamId, a.Role }).ToListAsync(cancellationToken)).ToLookup(a => a.TeamId, a => a.Role, StringComparer.Ordinal);

    /// <summary>Sets the roles each team holds in the customer; roles the customer did not approve are refused.</summary>
    public async Task<TeamResult> AssignAsync(
        string partnerOrganizationId, string customerOrganizationId, IReadOnlyList<string> approved, IReadOnlyDictionary<string, IReadOnlyList<string>> rolesByTeam, string? actor = null, CancellationToken cancellationToken = default)
    {
        var teams = await db.Set<PartnerTeam>().AsNoTracking().Where(t => t.OrganizationId == partnerOrganizationId).ToDictionaryAsync(t => t.Id, t => t.Name, StringComparer.Ordinal, cancellationToken);
        foreach (var (teamId, roles) in rolesByTeam)
        {
            if (!teams.ContainsKey(teamId))
            {
                return TeamResult.Fail("There is no such team.");
            }

            if (roles.FirstOrDefault(r => !approved.Contains(r, StringComparer.Ordinal)) is { } notApproved)
            {
                return TeamResult.Fail($"The customer has not approved {DelegatedRoles.Find(notApproved)?.DisplayName ?? "that role"}; only approved roles can be assigned.");
            }
        }

        var existing = await db.Set<PartnerTeamAssignment>().Where(a => a.OrganizationId == partnerOrganizationId && a.CustomerOrganizationId == customerOrganizationId).ToListAsync(cancellationToken);
        var changes = new List<string>();
        foreach (var (teamId, roles) in rolesByTeam)
        {
            var want = DelegatedRoles.Normalize(roles);
            var have = existing.Where(a => a.TeamId == teamId).ToList();
            foreach (var gone in have.Where(a => !want.Contains(a.Role)))
            {
                db.Remove(gone);
                changes.Add($"{teams[teamId]} − {DelegatedRoles.Find(gone.Role)?.DisplayName ?? gone.Role}");
            }

            foreach (var role in want.Where(r => have.All(a => a.Role != r)))
            {
                db.Add(new PartnerTeamAssignment { OrganizationId = partnerOrganizationId, CustomerOrganizationId = customerOrganizationId, TeamId = teamId, Role = role });
                changes.Add($"{teams[teamId]} + {DelegatedRoles.Find(role)!.DisplayName}");
            }
        }

        if (changes.Count > 0)
        {
            audit.Record("team.assignments-changed", string.Join("; ", changes), partnerOrganizationId, customerOrganizationId, actorUserName: actor);
            await db.SaveChangesAsync(cancellationToken);
        }

        return new(true, null);
    }

    /// <summary>The id of the partner's team with this name (names are unique per partner), or null.</summary>
    public Task<string?> FindIdAsync(string partnerOrganizationId, string? name, CancellationToken cancellationToken = default)
    {
        name = name?.Trim();
        return string.IsNullOrEmpty(name) || name.Length > MaxNameLength
            ? Task.FromResult<string?>(null)
            : db.Set<PartnerTeam>().AsNoTracking().Where(t => t.OrganizationId == partnerOrganizationId && t.Name == name).Select(t => t.Id).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Adds users of the partner to a team, or takes them out (a workflow's step): names that are not users of the
    /// partner are left out and returned, never another organization's users. Audited with <paramref name="actor"/>.
    /// </summary>
    public async Task<(IReadOnlyList<string> Changed, IReadOnlyList<string> Unknown)> ChangeMembersAsync(
        string partnerOrganizationId, string teamId, IReadOnlyCollection<string> userNames, bool add, string? actor, CancellationToken cancellationToken = default)
    {
        var team = await db.Set<PartnerTeam>().Include(t => t.Members).FirstOrDefaultAsync(t => t.Id == teamId && t.OrganizationId == partnerOrganizationId, cancellationToken)
            ?? throw new InvalidOperationException("There is no such team.");
        var normalized = userNames.Select(n => users.NormalizeName(n.Trim())).Distinct(StringComparer.Ordinal).ToList();
        var people = await db.Users.Where(u => u.OrganizationId == partnerOrganizationId && normalized.Contains(u.NormalizedUserName!)).ToListAsync(cancellationToken);
        var unknown = userNames.Where(n => people.All(p => !string.Equals(p.UserName, n.Trim(), StringComparison.OrdinalIgnoreCase))).ToList();
        var changed = new List<PartnerCmsUser>();
        foreach (var person in people)
        {
            var member = team.Members.FirstOrDefault(m => m.UserId == person.Id);
            if (add && member is null)
            {
                team.Members.Add(new PartnerTeamMember { TeamId = team.Id, UserId = person.Id, OrganizationId = partnerOrganizationId });
                changed.Add(person);
            }
            else if (!add && member is not null)
            {
                team.Members.Remove(member);
                changed.Add(person);
            }
        }

        if (changed.Count > 0)
        {
            var names = string.Join(", ", changed.Select(p => p.UserName).Order(StringComparer.OrdinalIgnoreCase));
            audit.Record("team.changed", $"{team.Name}: {(add ? "+" : "−")} {names}", partnerOrganizationId, null, actorUserName: actor);
            await db.SaveChangesAsync(cancellationToken);
            await RefreshClaimsAsync(changed.Select(p => p.Id));
        }

        return (changed.Select(p => p.UserName ?? p.Id).ToList(), unknown);
    }

    /// <summary>The partner's users, for choosing members.</summary>
    public async Task<IReadOnlyList<(string UserName, string DisplayName, DelegatedAccess Access)>> UsersAsync(string partnerOrganizationId, CancellationToken cancellationToken = default) =>
        (await db.Users.AsNoTracking().Where(u => u.OrganizationId == partnerOrganizationId).OrderBy(u => u.UserName)
            .Select(u => new { u.UserName, u.DisplayName, u.DelegatedAccess }).ToListAsync(cancellationToken))
        .Select(u => (u.UserName ?? string.Empty, u.DisplayName, u.DelegatedAccess)).ToList();

    private async Task RefreshClaimsAsync(IEnumerable<string> userIds)
    {
        foreach (var id in userIds)
        {
            if (await users.FindByIdAsync(id) is { } user)
            {
                await users.UpdateSecurityStampAsync(user);
            }
        }
    }
}
