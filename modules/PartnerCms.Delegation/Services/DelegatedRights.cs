using Microsoft.EntityFrameworkCore;
using PartnerCms.Core.Accounts;
using PartnerCms.Core.Data;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Security;
using PartnerCms.Delegation.Models;

namespace PartnerCms.Delegation.Services;

/// <summary>A user's rights in one customer and where each came from (the audit names them).</summary>
public sealed record CustomerRights(IReadOnlyList<string> Roles, IReadOnlyList<string> Approved, IReadOnlyDictionary<string, string> Sources)
{
    public static CustomerRights None { get; } = new([], [], new Dictionary<string, string>(StringComparer.Ordinal));

    public bool Any => Roles.Count > 0;

    public bool Has(string role) => Roles.Contains(role, StringComparer.Ordinal);

    public bool OpenCustomerPortal => DelegatedRoles.OpenCustomerPortal(Roles);

    public bool ResetFromPartnerPortal => DelegatedRoles.ResetFromPartnerPortal(Roles);

    public bool OpenServiceRequests => DelegatedRoles.OpenServiceRequests(Roles);

    /// <summary>"Users administrator (team Helpdesk)": which role allowed an action, for the audit trail.</summary>
    public string Allowing(params string[] anyOf)
    {
        var role = Roles.FirstOrDefault(r => anyOf.Contains(r, StringComparer.Ordinal));
        return role is null ? "no role" : $"{DelegatedRoles.Find(role)!.DisplayName} ({Sources.GetValueOrDefault(role, "?")})";
    }
}

/// <summary>
/// What a partner user may do in a customer: the union, over the user's teams, of the roles assigned to each team on the
/// customer's relationship — never more than the customer approved, and nothing unless the relationship is active and
/// before its end date. The built-in teams: a user given Full (or Limited) administration holds the Full (or Limited)
/// bundle on every relationship that approved its roles. Read from the database at every call, so a change to a team,
/// an assignment or the relationship counts at the next request.
/// </summary>
public sealed class DelegatedRights(PartnerCmsDbContext db, TimeProvider clock)
{
    private const string Reason = "a user's rights in a customer join the partner's teams and the customer's relationship with the partner";

    /// <summary>
    /// What the partner organization itself may do in the customer (an API client acting as the partner): the roles the
    /// customer approved, while the relationship is active and before its end; nothing otherwise.
    /// </summary>
    public async Task<CustomerRights> OfOrganizationAsync(string partnerOrganizationId, string customerOrganizationId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var approved = await db.Set<DelegatedRelationshipIndex>().AcrossOrganizations(Reason).AsNoTracking()
            .Where(i => i.PartnerOrganizationId == partnerOrganizationId && i.CustomerOrganizationId == customerOrganizationId && i.Active && (i.EndsUtc == null || i.EndsUtc > now))
            .Select(i => i.ApprovedRoles).FirstOrDefaultAsync(cancellationToken);
        if (approved is null)
        {
            return CustomerRights.None;
        }

        var roles = DelegatedRoles.Split(approved);
        return new CustomerRights(roles, roles, roles.ToDictionary(r => r, _ => "the partner's API client", StringComparer.Ordinal));
    }

    public async Task<CustomerRights> OfAsync(string userId, string partnerOrganizationId, string customerOrganizationId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var row = await db.Set<DelegatedRelationshipIndex>().AcrossOrganizations(Reason).AsNoTracking()
            .Where(i => i.PartnerOrganizationId == partnerOrganizationId && i.CustomerOrganizationId == customerOrganizationId && i.Active && (i.EndsUtc == null || i.EndsUtc > now))
            .Select(i => new
            {
                i.ApprovedRoles,
                Access = db.Users.AcrossOrganizations(Reason).Where(u => u.Id == userId && u.OrganizationId == partnerOrganizationId).Select(u => (DelegatedAccess?)u.DelegatedAccess).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(cancellationToken);
        return row?.Access is { } access
            ? await OfAsync(userId, partnerOrganizationId, customerOrganizationId, access, row.ApprovedRoles, cancellationToken)
            : CustomerRights.None;
    }

    /// <summary>
    /// The same, for a caller that already read the user's delegated access and the active relationship's approved roles
    /// in the same request (the on-behalf check reads them with its session): only the teams are read here.
    /// </summary>
    public async Task<CustomerRights> OfAsync(string userId, string partnerOrganizationId, string customerOrganizationId, DelegatedAccess access, string approvedRoles, CancellationToken cancellationToken = default)
    {
        var teams = await (
                from a in db.Set<PartnerTeamAssignment>().AcrossOrganizations(Reason)
                join m in db.Set<PartnerTeamMember>().AcrossOrganizations(Reason) on a.TeamId equals m.TeamId
                join t in db.Set<PartnerTeam>().AcrossOrganizations(Reason) on a.TeamId equals t.Id
                where a.OrganizationId == partnerOrganizationId && a.CustomerOrganizationId == customerOrganizationId && m.UserId == userId
                select new { a.Role, Team = t.Name })
            .AsNoTracking().ToListAsync(cancellationToken);

        var approved = DelegatedRoles.Split(approvedRoles);
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var role in DelegatedRoles.BundleOf(access).Where(approved.Contains))
        {
            sources.TryAdd(role, "built-in team " + access + " administration");
        }

        foreach (var assignment in teams.Where(t => approved.Contains(t.Role)))
        {
            sources.TryAdd(assignment.Role, "team " + assignment.Team);
        }

        return new CustomerRights(DelegatedRoles.Normalize(sources.Keys), approved, sources);
    }
}

/// <summary>Team membership gives the partner-portal access of a user with delegated access (R16).</summary>
public sealed class TeamRoleClaims(PartnerCmsDbContext db) : IAdditionalRoleClaims
{
    public async Task<IReadOnlyList<string>> RolesOfAsync(PartnerCmsUser user, OrganizationKind kind, CancellationToken cancellationToken = default) =>
        kind == OrganizationKind.Partner
        && await db.Set<PartnerTeamMember>().AcrossOrganizations("the claims are made at sign-in, before the user's organization is the current one")
            .AnyAsync(m => m.UserId == user.Id && m.OrganizationId == user.OrganizationId, cancellationToken)
            ? [OrganizationRoles.DelegatedTeamMember]
            : [];

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> RolesOfManyAsync(IReadOnlyCollection<PartnerCmsUser> users, OrganizationKind kind, CancellationToken cancellationToken = default)
    {
        var ids = users.Select(u => u.Id).ToList();
        var members = kind != OrganizationKind.Partner || ids.Count == 0
            ? []
            : (await db.Set<PartnerTeamMember>().AcrossOrganizations("a list of one organization's users; each row is matched to its own user's organization below")
                .Where(m => ids.Contains(m.UserId)).Select(m => new { m.UserId, m.OrganizationId }).Distinct().ToListAsync(cancellationToken))
                .Where(m => users.Any(u => string.Equals(u.Id, m.UserId, StringComparison.Ordinal) && string.Equals(u.OrganizationId, m.OrganizationId, StringComparison.Ordinal)))
                .Select(m => m.UserId).ToHashSet(StringComparer.Ordinal);
        return users.ToDictionary(u => u.Id, u => (IReadOnlyList<string>)(members.Contains(u.Id) ? [OrganizationRoles.DelegatedTeamMember] : []), StringComparer.Ordinal);
    }
}
