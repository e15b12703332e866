using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PartnerCms.Core.Accounts;
using PartnerCms.Core.Data;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Security;

namespace PartnerCms.Directory.Services;

public sealed record DirectoryUser(string Id, string UserName, string DisplayName, IReadOnlyList<string> Roles, bool LockedOut, bool MustChangePassword, DelegatedAccess DelegatedAccess)
{
    public bool IsAdministrator => Roles.Any(DirectoryRules.AdministratorRoles.Contains);

    public bool IsGlobalAdministrator => Roles.Contains(OrganizationRoles.CustomerGlobalAdministrator, StringComparer.Ordinal) || Roles.Contains(OrganizationRoles.PartnerGlobalAdministrator, StringComparer.Ordinal);
}

public sealed record UserSaveResult(bool Succeeded, string? UserId, IReadOnlyDictionary<string, string> Errors)
{
    public static UserSaveResult Fail(string field, string message) => new(false, null, new Dictionary<string, string>(StringComparer.Ordinal) { [field] = message });
}

/// <summary>An organization's users: always the users of one given organization, never anyone else's.</summary>
public sealed class UserDirectoryService(PartnerCmsDbContext db, UserManager<PartnerCmsUser> userManager, RoleCatalog roleCatalog, PartnerCms.Core.Audit.AuditTrail audit, TimeProvider clock)
{
    /// <summary>The users the last <see cref="ListAsync"/> of this request (a scoped service) read, read-only (no tracking).</summary>
    private (string OrganizationId, Dictionary<string, PartnerCmsUser> Users)? _listed;

    public async Task<IReadOnlyList<DirectoryUser>> ListAsync(string organizationId, CancellationToken cancellationToken = default)
    {
        var users = await db.Users.AsNoTracking().Where(u => u.OrganizationId == organizationId).OrderBy(u => u.UserName).ToListAsync(cancellationToken);
        _listed = (organizationId, users.ToDictionary(u => u.Id, StringComparer.Ordinal));
        var roles = await RolesOfAsync(users.Select(u => u.Id).ToList(), cancellationToken);
        var now = clock.GetUtcNow();
        return users.Select(u => ToDirectoryUser(u, roles.GetValueOrDefault(u.Id) ?? [], now)).ToList();
    }

    /// <summary>
    /// Each user's two-step methods (what, never the secrets) and whether policy requires one: for the organization's
    /// global administrators. One query for the whole list after <see cref="ListAsync"/> in the same request (two on a partner's list: delegated team membership requires a second step too).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, TwoStepState>> TwoStepAsync(Organization organization, IReadOnlyList<DirectoryUser> listed, TwoStepPolicy policy, CancellationToken cancellationToken = default)
    {
        // The users this request's list read (the page lists them and then shows their state), else read now.
        var users = _listed is { } listedNow && string.Equals(listedNow.OrganizationId, organization.Id, StringComparison.Ordinal)
            ? listedNow.Users
            : await db.Users.AsNoTracking().Where(u => u.OrganizationId == organization.Id).ToDictionaryAsync(u => u.Id, StringComparer.Ordinal, cancellationToken);
        var ids = users.Keys.ToList();
        var passkeys = await db.UserPasskeys.Where(p => ids.Contains(p.UserId)).GroupBy(p => p.UserId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, StringComparer.Ordinal, cancellationToken);
        var added = await policy.AdditionalRolesAsync(users.Values, organization.Kind, cancellationToken);
        return listed.Where(u => users.ContainsKey(u.Id)).ToDictionary(
            u => u.Id,
            u => new TwoStepState(
                users[u.Id].TwoFactorEnabled,
                passkeys.GetValueOrDefault(u.Id),
                0,
                policy.RequiredBecause(users[u.Id], [.. u.Roles, .. added.GetValueOrDefault(u.Id) ?? []], organization.Kind, organization.RequireTwoStepSignIn)),
            StringComparer.Ordinal);
    }

    public Task<int> CountAsync(string organizationId, CancellationToken cancellationToken = default) =>
        db.Users.CountAsync(u => u.OrganizationId == organizationId, cancellationToken);

    /// <summary>The organization's administrators (the seed's "Show all administrators").</summary>
    public async Task<IReadOnlyList<DirectoryUser>> AdministratorsAsync(string organizationId, CancellationToken cancellationToken = default) =>
        (await ListAsync(organizationId, cancellationToken)).Where(u => u.IsAdministrator).ToList();

    public async Task<DirectoryUser?> FindAsync(string organizationId, string userId, CancellationToken cancellationToken = default)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId && u.OrganizationId == organizationId, cancellationToken);
        if (user is null)
        {
            return null;
        }

        var roles = await RolesOfAsync([user.Id], cancellationToken);
        return ToDirectoryUser(user, roles.GetValueOrDefault(user.Id) ?? [], clock.GetUtcNow());
    }

    public async Task<DirectoryUser?> FindByUserNameAsync(string organizationId, string userName, CancellationToken cancellationToken = default)
    {
        var normalized = userManager.NormalizeName(userName.Trim());
        var id = await db.Users.AsNoTracking().Where(u => u.NormalizedUserName == normalized && u.OrganizationId == organizationId).Select(u => u.Id).FirstOrDefaultAsync(cancellationToken);
        return id is null ? null : await FindAsync(organizationId, id, cancellationToken);
    }

    /// <summary>Adds a user whose name is an address at one of the organization's domains.</summary>
    public async Task<UserSaveResult> CreateAsync(Organization organization, UserInput input, string password, CancellationToken cancellationToken = default)
    {
        var userName = input.UserName.Trim();
        var check = await CheckAsync(organization, userName, input.Roles, null, cancellationToken);
        if (check is not null)
        {
            return check;
        }

        var user = new PartnerCmsUser
        {
            UserName = userName,
            Email = userName,
            EmailConfirmed = true,
            OrganizationId = organization.Id,
            DisplayName = input.DisplayName.Trim(),
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
            MustChangePassword = true,
            DelegatedAccess = organization.Kind == OrganizationKind.Partner ? input.DelegatedAccess : DelegatedAccess.None,
        };
        var created = await userManager.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return Failed(created);
        }

        if (user.DelegatedAccess != DelegatedAccess.None)
        {
            // R22: delegated access given.
            await audit.RecordAsync("user.delegated-access-changed", $"{userName}: None → {user.DelegatedAccess}", organization.Id, null, cancellationToken: cancellationToken);
        }

        if (input.Roles.Count > 0)
        {
            await userManager.AddToRolesAsync(user, input.Roles);
        }

        return new UserSaveResult(true, user.Id, new Dictionary<string, string>(StringComparer.Ordinal));
    }

    public async Task<UserSaveResult> UpdateAsync(Organization organization, string userId, UserInput input, string actingUserId, CancellationToken cancellationToken = default)
    {
        var user = await userManager.Users.FirstOrDefaultAsync(u => u.Id == userId && u.OrganizationId == organization.Id, cancellationToken);
        if (user is null)
        {
            return UserSaveResult.Fail(string.Empty, "The user does not exist.");
        }

        var userName = input.UserName.Trim();
        var check = await CheckAsync(organization, userName, input.Roles, user.Id, cancellationToken);
        if (check is not null)
        {
            return check;
        }

        var current = await userManager.GetRolesAsync(user);
        var globalAdministrator = organization.Kind == OrganizationKind.Partner ? OrganizationRoles.PartnerGlobalAdministrator : OrganizationRoles.CustomerGlobalAdministrator;
        if (userId == actingUserId && current.Contains(globalAdministrator) && !input.Roles.Contains(globalAdministrator))
        {
            return UserSaveResult.Fail("Input.Roles", "You cannot remove your own global administrator role: ask another global administrator.");
        }

        user.UserName = userName;
        user.Email = userName;
        user.DisplayName = input.DisplayName.Trim();
        var before = user.DelegatedAccess;
        user.DelegatedAccess = organization.Kind == OrganizationKind.Partner ? input.DelegatedAccess : DelegatedAccess.None;
        var updated = await userManager.UpdateAsync(user);
        if (!updated.Succeeded)
        {
            return Failed(updated);
        }

        if (user.DelegatedAccess != before)
        {
            // R22: a change of delegated access, saved below with the new security stamp.
            audit.Record("user.delegated-access-changed", $"{userName}: {before} → {user.DelegatedAccess}", organization.Id, null);
        }

        await userManager.RemoveFromRolesAsync(user, current.Except(input.Roles, StringComparer.OrdinalIgnoreCase));
        await userManager.AddToRolesAsync(user, input.Roles.Except(current, StringComparer.OrdinalIgnoreCase));

        // Roles and delegated access live in the sign-in cookie: make the user's sessions pick up the change.
        await userManager.UpdateSecurityStampAsync(user);
        return new UserSaveResult(true, user.Id, new Dictionary<string, string>(StringComparer.Ordinal));
    }

    /// <summary>
    /// A workflow gives partner users delegated access (R16): the users named and those holding the role, of this
    /// partner organization only. Each change is audited (R22) and reaches the user's sessions through the security
    /// stamp. Returns the user names changed.
    /// </summary>
    public async Task<IReadOnlyList<string>> SetDelegatedAccessAsync(
        string organizationId, IReadOnlyCollection<string> userNames, string? role, DelegatedAccess level, string actor, bool neverLower = false, CancellationToken cancellationToken = default)
    {
        var users = await UsersAsync(organizationId, userNames, role, cancellationToken);
        var changed = new List<string>();
        foreach (var user in users.Where(u => u.DelegatedAccess != level && (!neverLower || Rank(level) > Rank(u.DelegatedAccess))))
        {
            var before = user.DelegatedAccess;
            user.DelegatedAccess = level;
            audit.Record("user.delegated-access-changed", $"{user.UserName}: {before} → {level}", organizationId, null, actorUserName: actor);
            await userManager.UpdateSecurityStampAsync(user);
            changed.Add(user.UserName!);
        }

        return changed;
    }

    private static int Rank(DelegatedAccess access) => access switch { DelegatedAccess.Full => 2, DelegatedAccess.Limited => 1, _ => 0 };

    /// <summary>
    /// A workflow adds or removes a role of the organization's own for the users named (never another organization's
    /// users). <paramref name="actingPartnerId"/>: the delegated administrator doing it in its customer (the caller
    /// checked the relationship), recorded in the audit trail with the customer.
    /// </summary>
    public async Task<IReadOnlyList<string>> SetRoleAsync(string organizationId, IReadOnlyCollection<string> userNames, string role, bool add, string actor, string? actingPartnerId = null, CancellationToken cancellationToken = default)
    {
        var kind = await db.Organizations.AsNoTracking().Where(o => o.Id == organizationId).Select(o => (OrganizationKind?)o.Kind).FirstOrDefaultAsync(cancellationToken);
        if (kind is not { } organizationKind || !roleCatalog.IsValidFor(role, organizationKind))
        {
            throw new InvalidOperationException($"'{role}' is not a role of this organization.");
        }

        var changed = new List<string>();
        foreach (var user in await UsersAsync(organizationId, userNames, null, cancellationToken))
        {
            var has = await userManager.IsInRoleAsync(user, role);
            if (has == add)
            {
                continue;
            }

            var result = add ? await userManager.AddToRoleAsync(user, role) : await userManager.RemoveFromRoleAsync(user, role);
            if (result.Succeeded)
            {
                audit.Record(add ? "user.role-assigned" : "user.role-removed", $"{user.UserName}: {role}", kind == OrganizationKind.Partner ? organizationId : actingPartnerId,
                    kind == OrganizationKind.Customer ? organizationId : null, actorUserName: actor);
                await userManager.UpdateSecurityStampAsync(user);
                changed.Add(user.UserName!);
            }
        }

        return changed;
    }

    private async Task<List<PartnerCmsUser>> UsersAsync(string organizationId, IReadOnlyCollection<string> userNames, string? role, CancellationToken cancellationToken)
    {
        var normalized = userNames.Select(n => userManager.NormalizeName(n.Trim())).ToList();
        var users = await userManager.Users.Where(u => u.OrganizationId == organizationId && normalized.Contains(u.NormalizedUserName!)).ToListAsync(cancellationToken);
        if (!string.IsNullOrWhiteSpace(role))
        {
            users.AddRange((await userManager.GetUsersInRoleAsync(role)).Where(u => u.OrganizationId == organizationId && users.All(x => x.Id != u.Id)));
        }

        return users;
    }

    private async Task<UserSaveResult?> CheckAsync(Organization organization, string userName, IReadOnlyList<string> roles, string? exceptUserId, CancellationToken cancellationToken)
    {
        var at = userName.LastIndexOf('@');
        var domain = at > 0 ? OrganizationDomain.Normalize(userName[(at + 1)..]) : string.Empty;
        if (!organization.Domains.Any(d => d.NormalizedName == domain))
        {
            var domains = string.Join(", ", organization.Domains.Select(d => d.Name));
            return UserSaveResult.Fail("Input.UserName", $"The user name must be an address at one of your domains ({domains}).");
        }

        var invalidRole = roles.FirstOrDefault(r => !roleCatalog.IsValidFor(r, organization.Kind));
        if (invalidRole is not null)
        {
            return UserSaveResult.Fail("Input.Roles", $"'{invalidRole}' is not a role in your organization.");
        }

        var normalized = userManager.NormalizeName(userName);
        if (await db.Users.AcrossOrganizations("user names are unique platform-wide").AnyAsync(u => u.NormalizedUserName == normalized && u.Id != exceptUserId, cancellationToken))
        {
            return UserSaveResult.Fail("Input.UserName", $"There is already a user named {userName}.");
        }

        return null;
    }

    private static UserSaveResult Failed(IdentityResult result) =>
        new(false, null, result.Errors.GroupBy(e => e.Code.Contains("Password", StringComparison.Ordinal) ? "Password" : "Input.UserName", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => string.Join(" ", g.Select(e => e.Description)), StringComparer.Ordinal));

    private async Task<Dictionary<string, List<string>>> RolesOfAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken) =>
        (await (from userRole in db.UserRoles
                join role in db.Roles on userRole.RoleId equals role.Id
                where userIds.Contains(userRole.UserId)
                select new { userRole.UserId, role.Name }).ToListAsync(cancellationToken))
            .GroupBy(x => x.UserId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Name!).OrderBy(n => n, StringComparer.CurrentCulture).ToList(), StringComparer.Ordinal);

    private static DirectoryUser ToDirectoryUser(PartnerCmsUser user, List<string> roles, DateTimeOffset now) =>
        new(user.Id, user.UserName!, user.DisplayName, roles, user.LockoutEnd > now, user.MustChangePassword, user.DelegatedAccess);
}
